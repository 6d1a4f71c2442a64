from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from tabadul.core.forms import Form
from tabadul.core.pickers import PickerField
from tabadul.directory.models import LocalBody

from .backends import sign_in_wait_minutes
from .models import RoleGrant, User


class ThrottledSignInMixin:
    """Says why a sign-in is refused while the sign-in throttle holds (the backend refuses it either way)."""

    def clean(self):
        username = self.cleaned_data.get("username")
        minutes = sign_in_wait_minutes(self.request, username) if username else 0
        if minutes:
            raise forms.ValidationError(
                _("Too many failed sign-ins. Wait %(minutes)d minutes and try again."),
                code="throttled",
                params={"minutes": minutes},
            )
        return super().clean()


class SignInForm(ThrottledSignInMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": _("The username or password is not right. Both are case-sensitive."),
        "inactive": _("This account is inactive."),
    }


class AdminSignInForm(ThrottledSignInMixin, AdminAuthenticationForm):
    pass


class SignUpForm(Form):
    username = forms.RegexField(
        label=_("Username"),
        max_length=150,
        regex=r"^[\w.@+-]+\Z",
        error_messages={"invalid": _("Use letters, digits and @ . + - _ only.")},
    )
    full_name = forms.CharField(label=_("Full name"), max_length=200, required=False)
    email = forms.EmailField(label=_("Email"))
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, strip=False)
    password_again = forms.CharField(label=_("Password again"), widget=forms.PasswordInput, strip=False)
    works_for_body = forms.BooleanField(
        label=_("I work for a local body"),
        required=False,
        help_text=_("Your body's administrator will confirm it. Until then your account is a citizen's."),
    )
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    department = forms.CharField(label=_("Department"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["join_body"] = PickerField(
            picker="bodies", label=_("Local body"), queryset=LocalBody.objects.all(), required=False
        )
        # The body comes right after the box, before position and department.
        order = [*[name for name in self.fields if name not in {"join_body", "position", "department"}]]
        order.insert(order.index("works_for_body") + 1, "join_body")
        self.order_fields([*order, "position", "department"])

    def clean_username(self):
        # A username is unique and chosen by the person, so this check tells that a username is in use; usernames
        # are shown as authors' names anyway. Whether an e-mail address has an account is never told here.
        username = User.normalize_username(self.cleaned_data["username"])
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This username is taken."))
        return username

    def clean_email(self):
        return self.cleaned_data["email"].lower()

    def clean(self):
        data = super().clean()
        password = data.get("password")
        if password and password != data.get("password_again"):
            self.add_error("password_again", _("The two passwords differ."))
        elif password:
            try:
                validate_password(password, User(username=data.get("username", ""), email=data.get("email", "")))
            except forms.ValidationError as error:
                self.add_error("password", error)
        if data.get("works_for_body") and not data.get("join_body"):
            self.add_error("join_body", _("Choose the local body you work for."))
        if not data.get("works_for_body"):
            data["join_body"] = None
            data["position"] = data["department"] = ""
        return data


class ProfileForm(Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200, required=False)
    position = forms.CharField(label=_("Position"), max_length=200, required=False)


class JoinBodyForm(Form):
    local_body = PickerField(picker="bodies", label=_("Local body"), queryset=LocalBody.objects.all())
    position = forms.CharField(label=_("Position"), max_length=200)
    department = forms.CharField(label=_("Department"), max_length=200, required=False)


def _role_choices():
    return [(role.value, role.label) for role in RoleGrant.Role if role in RoleGrant.BODY_ROLES]


class BodyRolesForm(Form):
    roles = forms.MultipleChoiceField(
        label=_("Roles in this body"), choices=_role_choices, required=False, widget=forms.CheckboxSelectMultiple
    )


class ApproveJoinRequestForm(BodyRolesForm):
    roles = forms.MultipleChoiceField(
        label=_("Give these roles at once (optional)"),
        choices=_role_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class InviteForm(Form):
    email = forms.EmailField(label=_("Email"))
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    department = forms.CharField(label=_("Department"), max_length=200, required=False)
