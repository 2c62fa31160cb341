from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts, tokens and baskets"

    def ready(self) -> None:
        from accounts import schema  # noqa: F401  (OpenAPI security schemes)
