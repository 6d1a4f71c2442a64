from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from tabadul.core.backup import BackupError, file_roots, restore_backup


class Command(BaseCommand):
    help = (
        "Bring back a backup written by `manage.py backup`: every checksum is verified first, then the database "
        "and the stored files are replaced. Stop the web and task workers first."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The .tar.gz written by `manage.py backup`.")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args, archive, yes=False, **options):
        if not yes:
            database = connections["default"].settings_dict["NAME"]
            roots = ", ".join(str(root) for root in file_roots().values())
            if not options.get("interactive", True) or not self.stdin_is_tty():
                raise CommandError("Refusing to restore without confirmation: pass --yes.")
            answer = input(
                f"This replaces the database {database} and every file under {roots}.\nType 'yes' to continue: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled.")
        progress = self.stderr.write if options["verbosity"] >= 1 else (lambda message: None)
        try:
            manifest = restore_backup(Path(archive), progress=progress)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Restored the backup of {manifest['created']}."))
        self.stdout.write("Run `manage.py migrate` if this code is newer than the backup.")

    @staticmethod
    def stdin_is_tty() -> bool:
        import sys

        return sys.stdin.isatty()
