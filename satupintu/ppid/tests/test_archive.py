"""The public archive of answered requests (issue 22 item 6): what it shows, and above all what it never shows —
the requester's name, identity number, address and contact, an unredacted attachment, or a request that was not
published."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from satupintu.core.models import AuditEvent
from satupintu.ppid import redaction, services
from satupintu.ppid.models import (
    ArchiveEntry,
    ArchiveState,
    InfoRequestEvent,
    Outcome,
    Topic,
    Verdict,
)
from satupintu.ppid.redaction import MASK
from satupintu.ppid.selectors import archive_memo

from .conftest import EMAIL, NIK, PHONE, request_input

pytestmark = pytest.mark.django_db

NAME = "Siti Aminah"
ADDRESS = "Dusun II, Desa Sialtong"
OFFICIAL = "Budi Santoso"  # a third person named in the answer, masked by the officer


def text_pdf(line: str) -> bytes:
    """A one-page PDF whose text layer holds `line` (extractable: what a careless black box would leave behind)."""
    content = f"BT /F1 14 Tf 40 760 Td ({line}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer << /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


ORIGINAL_PDF_LINE = f"Kontrak jalan Kotarih - pemohon {NAME} NIK {NIK}"


@pytest.fixture
def answered(make_request, users, agencies):
    """A request whose own text names the requester and gives their contact, answered with a PDF naming them too."""
    r = make_request(
        information=(
            f"Saya {NAME} (NIK {NIK}), tinggal di {ADDRESS}, hp {PHONE}, email {EMAIL}. "
            "Mohon salinan kontrak pembangunan jalan Kotarih tahun 2025 beserta adendumnya."
        )
    )
    services.info_request_forward(info_request=r, agency=agencies["pupr"], by=users["ppid_utama"])
    pdf = SimpleUploadedFile("kontrak.pdf", text_pdf(ORIGINAL_PDF_LINE), content_type="application/pdf")
    services.info_request_answer(
        info_request=r,
        by=users["ppid_pupr"],
        files=[pdf],
        answer=services.AnswerInput(
            outcome=Outcome.GRANTED,
            answer_text=(
                f"Yth. Ibu {NAME}, salinan kontrak jalan Kotarih terlampir. Pejabat pembuat komitmen: {OFFICIAL}."
            ),
        ),
    )
    r.refresh_from_db()
    return r


def publish(r, by, *, terms=(OFFICIAL,), topic=Topic.INFRASTRUCTURE, areas=None):
    entry = services.archive_redact(info_request=r, by=by, topic=topic, mask_terms=list(terms))
    if areas is not None:
        services.archive_attachment_redact(entry=entry, source=r.attachments.get(), by=by, areas=areas)
    return services.archive_publish(entry=entry, by=by)


FORBIDDEN = [NAME, "Siti", "Aminah", NIK, PHONE, EMAIL, ADDRESS, "Sialtong", OFFICIAL]


def public_pages(client, entry, text="kontrak") -> str:
    """Every public page of the archive that could show an entry, concatenated."""
    pages = [
        client.get(reverse("ppid:archive_list")),
        client.get(reverse("ppid:archive_list"), {"q": text}),
        client.get(
            reverse("ppid:archive_list"),
            {"q": text, "agency": entry.agency_id, "topic": entry.topic, "year": entry.year},
        ),
        client.get(reverse("ppid:archive_detail", args=[entry.pk])),
        client.get(
            reverse("ppid:archive_similar"), {"information": "salinan kontrak pembangunan jalan Kotarih"}
        ),
        client.get(reverse("ppid:archive_figures")),
    ]
    assert all(p.status_code == 200 for p in pages), [p.status_code for p in pages]
    return "".join(p.content.decode() for p in pages)


def test_published_answer_never_shows_the_requester_or_the_masked_names(client, answered, users):
    entry = publish(answered, users["ppid_pupr"])
    html = public_pages(client, entry)
    assert "kontrak pembangunan jalan Kotarih" in html and "salinan kontrak jalan Kotarih terlampir" in html
    for secret in FORBIDDEN:
        assert secret.lower() not in html.lower(), secret
    assert MASK in html
    # Stored redacted, not computed at view time: the stored copy itself holds none of it.
    entry.refresh_from_db()
    stored = f"{entry.title} {entry.question} {entry.answer}"
    for secret in FORBIDDEN:
        assert secret.lower() not in stored.lower(), secret


def test_the_search_index_holds_only_the_redacted_copy(client, answered, users):
    publish(answered, users["ppid_pupr"])
    for word in ("Aminah", NIK, "Sialtong", "Santoso"):
        response = client.get(reverse("ppid:archive_list"), {"q": word})
        assert list(response.context["page"]) == [], word


def test_a_request_not_marked_publishable_never_appears(client, answered, users, make_request):
    unanswered = make_request(information="Data penerima bantuan sosial kontrak 2025")
    with pytest.raises(ValidationError):
        services.archive_redact(
            info_request=unanswered, by=users["ppid_utama"], topic=Topic.SOCIAL, mask_terms=[]
        )
    entry = services.archive_redact(
        info_request=answered, by=users["ppid_pupr"], topic=Topic.INFRASTRUCTURE, mask_terms=[OFFICIAL]
    )
    services.archive_attachment_redact(
        entry=entry, source=answered.attachments.get(), by=users["ppid_pupr"], areas="1: 0,0,100,20"
    )
    assert entry.state == ArchiveState.DRAFT

    def nothing_public():
        for params in ({}, {"q": "kontrak"}, {"q": "Kotarih"}):
            assert list(client.get(reverse("ppid:archive_list"), params).context["page"]) == []
        similar = client.get(
            reverse("ppid:archive_similar"), {"information": "kontrak pembangunan jalan Kotarih"}
        )
        assert "kontrak" not in similar.content.decode()
        assert client.get(reverse("ppid:archive_detail", args=[entry.pk])).status_code == 404
        copy = entry.attachments.get()
        assert client.get(reverse("ppid:archive_attachment", args=[entry.pk, copy.pk])).status_code == 404

    nothing_public()
    services.archive_publish(entry=entry, by=users["ppid_pupr"])
    assert client.get(reverse("ppid:archive_detail", args=[entry.pk])).status_code == 200
    services.archive_withdraw(entry=entry, by=users["ppid_pupr"], reason="Salah lampiran")
    nothing_public()
    # Redacting again takes a published entry offline until it is published again.
    services.archive_redact(
        info_request=answered, by=users["ppid_pupr"], topic=Topic.INFRASTRUCTURE, mask_terms=[OFFICIAL]
    )
    entry.refresh_from_db()
    assert entry.state == ArchiveState.DRAFT
    nothing_public()


def test_original_attachment_is_never_served_from_the_archive(client, answered, users):
    original = answered.attachments.get()
    with original.file.open("rb") as f:
        original_bytes = f.read()
    assert NIK in pdf_text(original_bytes)

    # Published without a redacted copy: the attachment is simply not there.
    entry = publish(answered, users["ppid_pupr"])
    detail = client.get(reverse("ppid:archive_detail", args=[entry.pk])).content.decode()
    assert "kontrak.pdf" not in detail and "archive-attachment" not in detail
    # The original's id does not open anything under the archive's URL.
    assert client.get(reverse("ppid:archive_attachment", args=[entry.pk, original.pk])).status_code == 404

    # With the areas blacked out: a new PDF rendered from images, with no text layer at all.
    services.archive_redact(
        info_request=answered, by=users["ppid_pupr"], topic=Topic.INFRASTRUCTURE, mask_terms=[OFFICIAL]
    )
    services.archive_attachment_redact(
        entry=entry, source=original, by=users["ppid_pupr"], areas="1: 0,0,100,15"
    )
    services.archive_publish(entry=entry, by=users["ppid_pupr"])
    copy = entry.attachments.get()
    response = client.get(reverse("ppid:archive_attachment", args=[entry.pk, copy.pk]))
    assert response.status_code == 200
    served = b"".join(response.streaming_content)
    assert served != original_bytes and served.startswith(b"%PDF")
    assert NIK not in pdf_text(served) and "Aminah" not in pdf_text(served)
    assert NIK.encode() not in served and b"Aminah" not in served
    assert "kontrak.pdf" not in client.get(reverse("ppid:archive_detail", args=[entry.pk])).content.decode()


def test_area_redaction_blacks_out_the_area(answered):
    import pypdfium2 as pdfium
    from PIL import Image

    data = redaction.redact_pdf(text_pdf(ORIGINAL_PDF_LINE), redaction.parse_areas("1: 0,0,50,10"))
    page = pdfium.PdfDocument(data)[0].render(scale=1).to_pil().convert("L")
    w, h = page.size
    assert page.getpixel((int(w * 0.25), int(h * 0.05))) < 20  # black inside the box
    assert page.getpixel((int(w * 0.75), int(h * 0.5))) > 235  # white page elsewhere
    assert isinstance(page, Image.Image)
    with pytest.raises(ValidationError):
        redaction.parse_areas("1: 50,0,10,10")
    with pytest.raises(ValidationError):
        redaction.redact_pdf(text_pdf("x"), redaction.parse_areas("2: 0,0,10,10"))


def test_a_redacted_upload_replaces_the_attachment(client, answered, users):
    entry = services.archive_redact(
        info_request=answered, by=users["ppid_pupr"], topic=Topic.INFRASTRUCTURE, mask_terms=[]
    )
    clean = text_pdf("Kontrak jalan Kotarih (data pribadi dihapus)")
    services.archive_attachment_redact(
        entry=entry,
        source=answered.attachments.get(),
        by=users["ppid_pupr"],
        replacement=SimpleUploadedFile("bersih.pdf", clean),
    )
    services.archive_publish(entry=entry, by=users["ppid_pupr"])
    copy = entry.attachments.get()
    served = b"".join(
        client.get(reverse("ppid:archive_attachment", args=[entry.pk, copy.pk])).streaming_content
    )
    assert served == clean


def test_publishing_is_refused_while_the_copy_names_the_requester(answered, users):
    entry = services.archive_redact(
        info_request=answered, by=users["ppid_pupr"], topic=Topic.INFRASTRUCTURE, mask_terms=[]
    )
    ArchiveEntry.objects.filter(pk=entry.pk).update(answer=f"Untuk ibu {NAME}.")  # a copy gone wrong
    entry.refresh_from_db()
    with pytest.raises(ValidationError):
        services.archive_publish(entry=entry, by=users["ppid_pupr"])
    entry.refresh_from_db()
    assert entry.state == ArchiveState.DRAFT


def test_publishing_is_an_audited_step_of_the_handling_ppid(client, answered, users, ppid_users):
    with pytest.raises(PermissionDenied):
        services.archive_redact(
            info_request=answered, by=ppid_users["ppid_dinkes"], topic=Topic.HEALTH, mask_terms=[]
        )
    entry = publish(answered, users["ppid_pupr"])
    actions = list(
        AuditEvent.objects.filter(action__startswith="ppid.archive")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["ppid.archive_redacted", "ppid.archive_published"]
    events = InfoRequestEvent.objects.filter(request=answered, kind__startswith="archive")
    assert events.count() == 2 and not events.filter(public=True).exists()
    with pytest.raises(PermissionDenied):
        services.archive_withdraw(entry=entry, by=users["citizen"], reason="x")
    # The officer's page: other agencies' PPID do not find it, the handling PPID does.
    client.force_login(ppid_users["ppid_dinkes"])
    assert client.get(reverse("ppid:staff_archive", args=[answered.pk])).status_code == 404
    client.force_login(users["ppid_pupr"])
    page = client.get(reverse("ppid:staff_archive", args=[answered.pk]))
    assert page.status_code == 200 and "█" in page.content.decode()


def test_search_by_agency_topic_and_year_ranked(client, make_request, users, agencies):
    def answered(info, answer, agency, topic):
        r = make_request(information=info)
        services.info_request_forward(info_request=r, agency=agencies[agency], by=users["ppid_utama"])
        officer = users["ppid_pupr"] if agency == "pupr" else users["ppid_utama"]
        services.info_request_answer(
            info_request=r,
            by=officer,
            answer=services.AnswerInput(outcome=Outcome.GRANTED, answer_text=answer),
        )
        return publish(r, officer, terms=(), topic=topic)

    road = answered(
        "Anggaran pemeliharaan jalan kabupaten",
        "Rincian anggaran jalan terlampir.",
        "pupr",
        Topic.INFRASTRUCTURE,
    )
    mention = answered("Daftar puskesmas", "Puskesmas dekat jalan lintas: 12.", "dinkes", Topic.HEALTH)
    ids = lambda params: [e.pk for e in client.get(reverse("ppid:archive_list"), params).context["page"]]  # noqa: E731
    assert ids({"q": "jalan"}) == [road.pk, mention.pk]  # the title's word ranks first
    assert ids({"q": "jal"}) == [road.pk, mention.pk]  # a prefix finds it
    assert ids({"q": "jalan", "agency": agencies["dinkes"].pk}) == [mention.pk]
    assert ids({"q": "jalan", "topic": Topic.INFRASTRUCTURE}) == [road.pk]
    assert ids({"topic": Topic.HEALTH}) == [mention.pk]
    assert ids({"year": road.year}) == [mention.pk, road.pk]  # newest first without a text
    ArchiveEntry.objects.filter(pk=mention.pk).update(year=road.year - 1)
    archive_memo.clear()  # an update() sends no signal; the year's choices are memoised
    assert ids({"year": road.year}) == [road.pk]
    assert ids({"year": road.year - 1}) == [mention.pk]
    assert ids({"q": "puskesmas anggaran"}) == []  # every word must match


def test_similar_answers_appear_while_the_question_is_typed(client, answered, users):
    publish(answered, users["ppid_pupr"])
    html = client.get(
        reverse("ppid:archive_similar"), {"information": "Saya ingin kontrak pembangunan jalan di Kotarih"}
    ).content.decode()
    assert "similar-list" in html and "kontrak pembangunan jalan Kotarih" in html
    assert (
        client.get(reverse("ppid:archive_similar"), {"information": "jadwal vaksinasi"}).content.strip()
        == b""
    )
    form = client.get(reverse("ppid:request_create")).content.decode()
    assert 'hx-get="/ppid/arsip/serupa/"' in form and 'id="similar-answers"' in form


def test_the_requester_classifies_the_outcome_and_the_figures_count_it(
    client, answered, users, make_request, clock
):
    track = reverse("ppid:track", args=[answered.follow_token])
    assert "verdict" in client.get(track).content.decode()
    response = client.post(
        reverse("ppid:classify", args=[answered.follow_token]), {"verdict": Verdict.PARTIAL}
    )
    assert response.status_code == 302
    answered.refresh_from_db()
    assert answered.requester_verdict == Verdict.PARTIAL
    assert AuditEvent.objects.filter(action="ppid.classified").count() == 1
    # "No reply" is not for an answered request, nor for an open one before its deadline.
    client.post(reverse("ppid:classify", args=[answered.follow_token]), {"verdict": Verdict.NO_REPLY})
    answered.refresh_from_db()
    assert answered.requester_verdict == Verdict.PARTIAL
    waiting = make_request(information="Data lain")
    with pytest.raises(ValidationError):
        services.info_request_classify(
            info_request=waiting, verdict=Verdict.NO_REPLY, token=waiting.follow_token
        )
    late = make_request(information="Data lain lagi")
    import datetime as dt

    clock.set(late.due_date + dt.timedelta(days=1))
    with pytest.raises(PermissionDenied):  # only through the request's own link
        services.info_request_classify(
            info_request=late, verdict=Verdict.NO_REPLY, token=answered.follow_token
        )
    services.info_request_classify(info_request=late, verdict=Verdict.NO_REPLY, token=late.follow_token)

    rows = {r["agency"]: r for r in client.get(reverse("ppid:archive_figures")).context["rows"]}
    pupr = rows[answered.agency.name]
    assert pupr[Verdict.PARTIAL] == 1 and pupr["total"] == 1
    assert rows[late.agency.name][Verdict.NO_REPLY] == 1
    html = client.get(reverse("ppid:archive_figures")).content.decode()
    assert NAME not in html


def test_text_redaction_rules():
    text = f"Hubungi {NAME} di {PHONE} / +62 812-3456-7890 / {EMAIL}, NIK {NIK}. Pak budi santoso setuju."
    out = redaction.redact_text(text, [OFFICIAL, NAME])
    for secret in (NAME, PHONE, "812-3456-7890", EMAIL, NIK, "budi santoso"):
        assert secret not in out
    assert "Hubungi" in out and "setuju" in out
    # Whole words only: masking "Ani" leaves "Anita" alone.
    assert redaction.redact_text("Ani dan Anita", ["Ani"]) == f"{MASK} dan Anita"


def test_list_queries_are_pinned(client, answered, users, django_assert_max_num_queries):
    publish(answered, users["ppid_pupr"])
    with django_assert_max_num_queries(8):
        client.get(reverse("ppid:archive_list"), {"q": "kontrak"})


def test_request_input_unchanged():
    assert request_input().requester_name == NAME
