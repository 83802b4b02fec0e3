from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "sharaka.demo"
    label = "demo"
    verbose_name = "Aourir demo data"
