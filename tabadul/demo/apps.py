from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "tabadul.demo"
    label = "demo"
    verbose_name = "Demo data"
