"""Demo accounts, one per role (password for all: `satupintu-demo`). Listed in README.

Only `admin` may use the Django admin (is_staff, superuser): the back office is the regency administrator's tool;
every other staff role works in the platform's own pages."""

from django.conf import settings
from faker import Faker

from satupintu.organisasi.models import Agency
from satupintu.wilayah.models import Village

from .models import User
from .roles import Role

PASSWORD = "satupintu-demo"  # noqa: S105 - documented demo password
DOMAIN = "serdangbedagaikab.example"


def first_desa() -> Village:
    """The first desa (not kelurahan) of the deployment's regency by code: 12.18.01.2001 for Serdang Bedagai."""
    return (
        Village.objects.filter(district__regency_id=settings.SATUPINTU_REGENCY_CODE, kind=Village.Kind.DESA)
        .order_by("code")
        .first()
    )


def seed(*, stdout, options) -> None:
    fake = Faker("id_ID")
    fake.seed_instance(2024)
    desa = first_desa()
    pupr = Agency.objects.get(short_name="Dinas PUPR")
    kominfo = Agency.objects.get(is_ppid_utama=True)
    accounts = [
        ("admin", Role.REGENCY_ADMIN, {"is_staff": True, "is_superuser": True}),
        ("bupati", Role.REGENT, {}),
        ("operator_desa", Role.VILLAGE_OPERATOR, {"village": desa}),
        ("kades", Role.VILLAGE_HEAD, {"village": desa}),
        ("admin_opd", Role.OPD_ADMIN, {"agency": pupr}),
        ("kepala_opd", Role.OPD_HEAD, {"agency": pupr}),
        ("ppid_utama", Role.PPID_OFFICER, {"agency": kominfo}),
        ("ppid_pupr", Role.PPID_OFFICER, {"agency": pupr}),
        ("warga", Role.CITIZEN, {"village": desa, "phone": "6281260001218"}),
    ]
    created = []
    for username, role, extra in accounts:
        first, last = fake.first_name(), fake.last_name()  # drawn for every row: stable names across runs
        user, was_created = User.objects.get_or_create(
            username=username,
            defaults={
                "role": role,
                "first_name": first,
                "last_name": last,
                "email": f"{username}@{DOMAIN}",
                **extra,
            },
        )
        if was_created:
            user.full_clean(exclude=["password"])
            user.set_password(PASSWORD)
            user.save(update_fields=["password"])
            created.append(username)
    if created:
        stdout.write(f"  akun demo dibuat: {', '.join(created)} (kata sandi: {PASSWORD})")
