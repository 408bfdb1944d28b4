"""Village letters in any state, made through the real services.

    LetterRequestFactory()                      # requested at the counter: "checking"
    LetterRequestFactory(state="signed")        # checked by the operator, signed and numbered by the village head
    LetterRequestFactory(channel="self_service", state="incomplete")   # started from home, not yet submitted
    walk_to(letter, "picked_up")                # an existing letter walked on from where it is

The village operator takes the request and checks it, the village head signs (the number, text, PDF and
verification token come from `letter_sign`), the audit trail is that of a real letter.
"""

from __future__ import annotations

import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile

from satupintu.akun.roles import Role
from satupintu.akun.tests.factories import actor
from satupintu.core.tests import factories as core_factories
from satupintu.penduduk.tests.factories import FamilyFactory, ResidentFactory
from satupintu.surat import services
from satupintu.surat.models import Channel, LetterRequest, LetterStatus, LetterType

# State -> the steps from a counter request (which starts at "checking"). "signed" is "ready" by its other name;
# "revoked" is a signed letter withdrawn by the village head (its status stays "ready").
PATHS: dict[str, list[str]] = {
    "checking": [],
    "incomplete": ["send_back"],
    "awaiting_signature": ["verify"],
    "ready": ["verify", "sign"],
    "signed": ["verify", "sign"],
    "picked_up": ["verify", "sign", "pick_up"],
    "cancelled": ["cancel"],
    "revoked": ["verify", "sign", "revoke"],
}
STATES = tuple(PATHS)


def letter_type(code: str = "S-02") -> LetterType:
    """A type of the regency's catalogue (seeded when the test has none). S-02, the residence certificate, asks for
    no fields."""
    services.letter_types_seed()
    return LetterType.objects.get(code=code)


def state_of(letter: LetterRequest) -> str:
    if letter.status == LetterStatus.READY and letter.revoked_at:
        return "revoked"
    return letter.status


def _operator(letter: LetterRequest):
    return actor(Role.VILLAGE_OPERATOR, village=letter.village)


def _head(letter: LetterRequest):
    return actor(Role.VILLAGE_HEAD, village=letter.village)


STEPS = {
    "send_back": lambda x: services.letter_request_return(letter=x, by=_operator(x), note="Fotokopi KK belum ada."),
    "verify": lambda x: services.letter_request_verify(letter=x, by=_operator(x)),
    "sign": lambda x: services.letter_sign(letter=x, by=_head(x)),
    "pick_up": lambda x: services.letter_mark_picked_up(letter=x, by=_operator(x)),
    "cancel": lambda x: services.letter_request_cancel(letter=x, by=_operator(x), reason="Pemohon tidak jadi."),
    "revoke": lambda x: services.letter_revoke(letter=x, by=_head(x), reason="Data pemohon keliru."),
}


def head_of_family(**kwargs):
    """A resident who heads a new family card in a new village (or in `village`)."""
    family = FamilyFactory(**({"village": kwargs["village"]} if "village" in kwargs else {}))
    return ResidentFactory(family=family, family_relation="kepala", **{"village": family.village, **kwargs})


def _scan(label: str) -> SimpleUploadedFile:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (40, 30), (230, 230, 230)).save(buf, format="PNG")
    return SimpleUploadedFile(f"{label}.png", buf.getvalue(), content_type="image/png")


def _submit_from_home(letter: LetterRequest) -> LetterRequest:
    """What the resident does in self-service: upload every required attachment, then submit."""
    for label in services.required_attachments_missing(letter):
        services.letter_attachment_add(letter=letter, label=label, uploaded=_scan(label), resident=letter.resident)
    return services.letter_request_submit(letter=letter, resident=letter.resident)


def walk_to(letter: LetterRequest, state: str) -> LetterRequest:
    """Walk `letter` from where it is to `state` (see PATHS). An incomplete letter (started at home, or sent back)
    is first completed by its resident: the required attachments uploaded, then submitted."""
    if letter.status == LetterStatus.INCOMPLETE:
        if state == "incomplete":
            return letter
        letter = _submit_from_home(letter)
    letter = core_factories.walk_to(letter, state, paths=PATHS, steps=STEPS, current=state_of(letter))
    letter.refresh_from_db()
    return letter


class LetterRequestFactory(factory.django.DjangoModelFactory):
    """A letter requested through `letter_request_create` (at the counter by the village operator, or from
    self-service by the resident) and walked to `state` (a key of PATHS). `letter_type` defaults to S-02; `resident`
    to a new head of family in a new village."""

    class Meta:
        model = LetterRequest

    resident = factory.LazyFunction(head_of_family)
    letter_type = factory.LazyFunction(letter_type)
    purpose = "Persyaratan administrasi"
    field_values = factory.LazyFunction(dict)
    channel = Channel.COUNTER
    contact_phone = "081234567890"
    state = "checking"

    @classmethod
    def _create(cls, model_class, *args, state: str = "checking", resident, channel, **kwargs) -> LetterRequest:
        if state not in PATHS:
            raise ValueError(f"unknown state {state!r}; a factory can reach: {', '.join(PATHS)}")
        village = resident.village
        by = actor(Role.VILLAGE_OPERATOR, village=village) if channel == Channel.COUNTER else None
        letter = services.letter_request_create(village=village, resident=resident, channel=channel, by=by, **kwargs)
        return walk_to(letter, state)
