"""Demo data of the API: one partner key allowed to file reports through Open311, with a fixed key so the README's
curl example works on a demo machine (never in production: seed_demo is a development command). Idempotent."""

DEMO_KEY = "sp_demo-aplikasi-desa-digital-0000000000000000"


def seed(*, stdout, options) -> None:
    from .keys import key_hash
    from .models import ApiClient, Scope

    client, created = ApiClient.objects.get_or_create(
        key_hash=key_hash(DEMO_KEY),
        defaults={"name": "Aplikasi Desa Digital (demo)", "key_prefix": DEMO_KEY[:10],
                  "scopes": [Scope.REPORT_WRITE, Scope.WEBHOOK], "contact": "demo"},
    )
    if created:
        stdout.write(f"API: kunci demo mitra Open311 ({client.name}): {DEMO_KEY}")
