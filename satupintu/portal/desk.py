"""The staff desk (`/staf/`): ONE table of what each role may open, with the count of what waits there.

Each entry names its link, who may open it (the same check the target view makes, through akun.permissions and the
apps' selectors) and, for a work queue, a function counting what waits for this user. A role is offered only the
entries its check passes; `portal/tests/test_desk.py` opens every offered link as every demo role and expects 200, and
every other link answers 403/404. A count is one query, capped like the complaint queues ("999+").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from satupintu.akun.permissions import has_role, is_regency_wide, is_staff_member
from satupintu.akun.roles import REGENCY_WIDE_ROLES, VILLAGE_ROLES, Role

COUNT_CAP = 999  # the same cap as the complaint queues: counting stops there


@dataclass(frozen=True)
class DeskEntry:
    group: object  # the service, a heading on the desk
    label: object
    url_name: str
    allowed: Callable[[object], bool]
    count: Callable[[object], int] | None = None  # what waits for this user; None: a tool, not a queue
    args: Callable[[object], tuple] | tuple = ()  # a function of the user for a link to the user's own village
    query: str = ""
    urgent: bool = False  # a non-zero count is shown as a warning (late work)

    def url(self, user=None) -> str:
        path = reverse(self.url_name, args=self.args(user) if callable(self.args) else self.args)
        return f"{path}?{self.query}" if self.query else path


def _capped(qs) -> int:
    return qs.order_by().values("pk")[: COUNT_CAP + 1].count()


# --- complaints ---------------------------------------------------------------------------------------------------
def _aduan_queue(name: str, *roles: str) -> Callable[[object], bool]:
    def allowed(user) -> bool:
        from satupintu.aduan.permissions import queues_for

        return (not roles or has_role(user, *roles)) and name in queues_for(user)

    return allowed


def _aduan_count(name: str) -> Callable[[object], int]:
    def count(user) -> int:
        from satupintu.aduan.selectors import complaints_for_staff, queue_condition

        return _capped(complaints_for_staff(user).filter(queue_condition(name, today=timezone.localdate())))

    return count


# --- public information ---------------------------------------------------------------------------------------------
def _ppid_desk(user) -> bool:
    from satupintu.ppid.permissions import can_use_ppid_desk

    return can_use_ppid_desk(user)


def _ppid_manage_dip(user) -> bool:
    from satupintu.ppid.permissions import can_manage_dip

    return can_manage_dip(user)


def _ppid_open(user):
    from satupintu.ppid.models import Status
    from satupintu.ppid.selectors import info_requests_for_user

    return info_requests_for_user(user).exclude(status=Status.ANSWERED)


def _ppid_open_count(user) -> int:
    return _capped(_ppid_open(user))


def _ppid_near_deadline_count(user) -> int:
    """Open requests due within the next two working days (today included), not yet late."""
    from satupintu.kalender.services import add_working_days

    today = timezone.localdate()
    return _capped(_ppid_open(user).filter(due_date__gte=today, due_date__lte=add_working_days(today, 2)))


def _ppid_late_count(user) -> int:
    return _capped(_ppid_open(user).filter(due_date__lt=timezone.localdate()))


# --- letters ----------------------------------------------------------------------------------------------------
def _letter_roles(*roles: str) -> Callable[[object], bool]:
    def allowed(user) -> bool:
        return has_role(user, *roles) and (user.role not in VILLAGE_ROLES or bool(user.village_id))

    return allowed


def _letter_count(*statuses: str) -> Callable[[object], int]:
    def count(user) -> int:
        from satupintu.surat.selectors import letters_for_user

        return _capped(letters_for_user(user=user).filter(status__in=statuses))

    return count


# --- village sites, register, channels --------------------------------------------------------------------------
def _own_village(user) -> bool:
    return has_role(user, *VILLAGE_ROLES) and bool(user.village_id)


def _village_drafts_count(user) -> int:
    from satupintu.desa.models import Article, PublishState
    from satupintu.desa.selectors import villages_for_staff

    return _capped(Article.objects.filter(status=PublishState.DRAFT, village__in=villages_for_staff(user).values("pk")))


def _register_staff(user) -> bool:
    from satupintu.penduduk.permissions import can_manage_register

    return can_manage_register(user)


def _channels_admin(user) -> bool:
    from satupintu.notifikasi.permissions import can_manage_channels

    return can_manage_channels(user)


def _paste_candidates(user) -> bool:
    from satupintu.notifikasi.permissions import can_paste_candidates

    return can_paste_candidates(user)


def _outbox_failed_count(user) -> int:
    from satupintu.notifikasi.models.outbox import OutboxMessage, OutboxStatus

    return _capped(OutboxMessage.objects.filter(status=OutboxStatus.FAILED))


def _new_candidates_count(user) -> int:
    from satupintu.notifikasi.models.social import CandidateStatus, SocialCandidate

    return _capped(SocialCandidate.objects.filter(status=CandidateStatus.NEW))


# --- civil registration (adminduk) ----------------------------------------------------------------------------------
def _adminduk(rule: str) -> Callable[[object], bool]:
    def allowed(user) -> bool:
        from satupintu.adminduk import permissions

        return getattr(permissions, rule)(user)

    return allowed


def _capil_registrar(user) -> bool:
    from satupintu.adminduk.permissions import can_register

    return can_register(user)


def _facility_officer(user) -> bool:
    from satupintu.adminduk.permissions import facility_ids

    return bool(facility_ids(user))


def _adminduk_count(*states: str) -> Callable[[object], int]:
    def count(user) -> int:
        from satupintu.adminduk.models import BirthRegistration, DeathRegistration
        from satupintu.adminduk.selectors import registrations_for_user

        return sum(_capped(registrations_for_user(user, model).filter(status__in=states))
                   for model in (BirthRegistration, DeathRegistration))

    return count

# --- school admission (spmb) -------------------------------------------------------------------------------------
def _spmb_staff(user) -> bool:
    from satupintu.spmb.permissions import can_see_registrations

    return has_role(user, Role.EDUCATION_OFFICER, Role.SCHOOL_OPERATOR) and can_see_registrations(user)


def _spmb_office(user) -> bool:
    from satupintu.spmb.permissions import can_manage_spmb

    return has_role(user, Role.EDUCATION_OFFICER) and can_manage_spmb(user)


def _spmb_to_verify_count(user) -> int:
    from satupintu.spmb.selectors import registrations_for_user

    return _capped(registrations_for_user(user=user).filter(status="submitted"))


# --- regional treasury (keuangan) -----------------------------------------------------------------------------------
def _keuangan(rule: str) -> Callable[[object], bool]:
    def allowed(user) -> bool:
        from satupintu.keuangan import permissions

        return getattr(permissions, rule)(user)

    return allowed


def _keuangan_count(*statuses: str, treasury: bool = False) -> Callable[[object], int]:
    def count(user) -> int:
        from satupintu.keuangan.selectors import agency_orders, orders_for_user

        qs = orders_for_user(user) if treasury else agency_orders(user)
        return _capped(qs.filter(status__in=statuses))

    return count


def _keuangan_late_count(user) -> int:
    from satupintu.keuangan.selectors import treasury_queue

    return sum(1 for item in treasury_queue(user) if item.late)


def _dashboard(user) -> bool:
    from satupintu.portal.permissions import can_view_dashboard

    return can_view_dashboard(user)


def _site_editor(user) -> bool:
    from satupintu.portal.permissions import can_use_site_editor

    return can_use_site_editor(user)


def _umkm_officer(user) -> bool:
    from satupintu.portal.permissions import can_manage_businesses

    return can_manage_businesses(user)


def _site_drafts_count(user) -> int:
    """Drafts on the sites this editor keeps (the regency's for the media editor, its agency's for an agency's)."""
    from satupintu.desa.models import Article

    qs = Article.objects.filter(status="draft", village__isnull=True)
    if has_role(user, Role.AGENCY_EDITOR):
        qs = qs.filter(agency_id=user.agency_id)
    elif has_role(user, Role.MEDIA_EDITOR):
        qs = qs.filter(agency__isnull=True)
    return _capped(qs)


# --- queues (antrean) --------------------------------------------------------------------------------------------
def _antrean(rule: str) -> Callable[[object], bool]:
    def allowed(user) -> bool:
        from satupintu.antrean import permissions

        return getattr(permissions, rule)(user)

    return allowed


def _antrean_waiting_count(user) -> int:
    from satupintu.antrean.models import Ticket, TicketStatus
    from satupintu.antrean.permissions import service_ids

    return _capped(Ticket.objects.filter(service_id__in=service_ids(user), date=timezone.localdate(),
                                         status=TicketStatus.WAITING))


# The group headings carry a context: "Aduan" and "Desa" are also field names elsewhere, and Django keeps one
# translation per msgid across all catalogues.
_GROUP = "kelompok meja kerja staf"
ADUAN, PPID, SURAT, DESA, OTHER = (
    pgettext_lazy(_GROUP, "Aduan"), _("Informasi publik (PPID)"), _("Surat desa"), pgettext_lazy(_GROUP, "Desa"),
    _("Lainnya"),
)
ADMINDUK = _("Akta kelahiran dan kematian")
KEUANGAN = _("Keuangan daerah (SP2D)")
SPMB = _("Penerimaan murid baru (SPMB)")
PORTAL = _("Portal kabupaten")


ANTREAN = _("Antrean dan reservasi")
LETTER_STAFF = (*VILLAGE_ROLES, *REGENCY_WIDE_ROLES)

ENTRIES: tuple[DeskEntry, ...] = (
    DeskEntry(ADUAN, _("Aduan perlu diverifikasi"), "aduan:queue", _aduan_queue("verify", Role.REGENCY_ADMIN),
              _aduan_count("verify"), args=("verify",)),
    DeskEntry(ADUAN, _("Aduan perlu diteruskan ke OPD"), "aduan:queue", _aduan_queue("assign", Role.REGENCY_ADMIN),
              _aduan_count("assign"), args=("assign",)),
    DeskEntry(ADUAN, _("Aduan perlu ditindaklanjuti"), "aduan:queue", _aduan_queue("answer", Role.OPD_ADMIN),
              _aduan_count("answer"), args=("answer",)),
    DeskEntry(ADUAN, _("Jawaban aduan perlu disetujui"), "aduan:queue", _aduan_queue("approve", Role.OPD_HEAD),
              _aduan_count("approve"), args=("approve",)),
    DeskEntry(ADUAN, _("Aduan terlambat"), "aduan:queue", _aduan_queue("late"), _aduan_count("late"),
              args=("late",), urgent=True),
    DeskEntry(ADUAN, _("Semua aduan dalam cakupan Anda"), "aduan:queue", _aduan_queue("all"), args=("all",)),
    DeskEntry(ADUAN, _("Keterlambatan per OPD"), "aduan:late_dashboard",
              lambda user: has_role(user, Role.REGENT, Role.REGENCY_ADMIN)),
    DeskEntry(ADUAN, _("Semua aduan terbuka (instruksi Bupati)"), "aduan:open_reports",
              lambda user: has_role(user, Role.REGENT, Role.REGENCY_ADMIN)),
    # api.lapor.services.can_forward (the api app is above portal: the same rule, written out)
    DeskEntry(ADUAN, _("Penerusan ke SP4N-LAPOR!"), "api:lapor", lambda user: has_role(user, Role.REGENCY_ADMIN)),
    DeskEntry(PPID, _("Permohonan informasi terbuka"), "ppid:staff_queue", _ppid_desk, _ppid_open_count),
    DeskEntry(PPID, _("Permohonan mendekati batas waktu (2 hari kerja)"), "ppid:staff_queue", _ppid_desk,
              _ppid_near_deadline_count),
    DeskEntry(PPID, _("Permohonan informasi terlambat"), "ppid:staff_queue", _ppid_desk, _ppid_late_count,
              query="terlambat=1", urgent=True),
    DeskEntry(PPID, _("Buku register PPID"), "ppid:register", _ppid_desk),
    DeskEntry(PPID, _("Laporan tahunan PPID"), "ppid:report", _ppid_desk),
    DeskEntry(PPID, _("Kelola daftar informasi publik"), "ppid:dip_manage", _ppid_manage_dip),
    DeskEntry(SURAT, _("Surat perlu diperiksa"), "surat:queue", _letter_roles(Role.VILLAGE_OPERATOR, *REGENCY_WIDE_ROLES),
              _letter_count("checking"), query="status=checking"),
    DeskEntry(SURAT, _("Surat menunggu tanda tangan"), "surat:queue", _letter_roles(Role.VILLAGE_HEAD, *REGENCY_WIDE_ROLES),
              _letter_count("awaiting_signature"), query="status=awaiting_signature"),
    DeskEntry(SURAT, _("Surat baru di loket"), "surat:counter_new", _letter_roles(*VILLAGE_ROLES)),
    DeskEntry(SURAT, _("Statistik surat"), "surat:stats", _letter_roles(*LETTER_STAFF)),
    DeskEntry(SURAT, _("Pengaturan surat desa"), "surat:settings", _letter_roles(*VILLAGE_ROLES)),
    DeskEntry(SURAT, _("Rancang jenis surat"), "surat:designer_list", _letter_roles(*VILLAGE_ROLES, Role.REGENCY_ADMIN)),
    DeskEntry(ADMINDUK, _("Kelahiran/kematian perlu diverifikasi"), "adminduk:queue", _adminduk("is_capil"),
              _adminduk_count("declared"), query="status=declared"),
    DeskEntry(ADMINDUK, _("Terverifikasi, siap dicatat"), "adminduk:queue", _capil_registrar,
              _adminduk_count("verified"), query="status=verified"),
    DeskEntry(ADMINDUK, _("Laporan dikembalikan, perlu diperbaiki"), "adminduk:queue", _facility_officer,
              _adminduk_count("returned"), query="status=returned", urgent=True),
    DeskEntry(ADMINDUK, _("Dokumen siap diserahkan ke keluarga"), "adminduk:queue", _facility_officer,
              _adminduk_count("registered"), query="status=registered"),
    DeskEntry(ADMINDUK, _("Laporkan kelahiran"), "adminduk:birth_new", _adminduk("can_declare")),
    DeskEntry(ADMINDUK, _("Laporkan kematian"), "adminduk:death_new", _adminduk("can_declare")),
    DeskEntry(ADMINDUK, _("Antrean pencatatan sipil"), "adminduk:queue", _adminduk("can_use_desk")),
    DeskEntry(ADMINDUK, _("Statistik pencatatan sipil"), "adminduk:stats", _adminduk("can_see_statistics")),
    DeskEntry(ANTREAN, _("Nomor menunggu di loket Anda hari ini"), "antrean:desk", _antrean("can_use_desk"),
              _antrean_waiting_count),
    DeskEntry(ANTREAN, _("Statistik antrean"), "antrean:stats", _antrean("can_see_statistics")),
    DeskEntry(DESA, _("Situs desa: draf belum terbit"), "desa:staff", is_regency_wide, _village_drafts_count),
    DeskEntry(DESA, _("Situs desa: draf belum terbit"), "desa:staff_village", _own_village, _village_drafts_count,
              args=lambda user: (user.village_id,)),
    DeskEntry(DESA, _("Data penduduk"), "penduduk:register", _register_staff),
    DeskEntry(DESA, _("Impor data penduduk"), "penduduk:import", _register_staff),
    DeskEntry(DESA, _("Rumah tangga"), "penduduk:households", _register_staff),
    DeskEntry(DESA, _("Bantuan sosial dan DTKS/DTSEN"), "bansos:home", _register_staff),
    DeskEntry(DESA, _("Periksa penerima bantuan (ganda, meninggal, pindah)"), "bansos:check", _register_staff),
    DeskEntry(DESA, _("Mutasi penduduk"), "penduduk:events", _register_staff),
    DeskEntry(DESA, _("Laporan bulanan penduduk"), "penduduk:monthly_report", _register_staff),
    DeskEntry(KEUANGAN, _("Draf SPP dan SPM dikembalikan"), "keuangan:orders", lambda u: has_role(u, Role.TREASURER)
              and bool(u.agency_id), _keuangan_count("draft", "returned")),
    DeskEntry(KEUANGAN, _("SPP perlu diperiksa PPK"), "keuangan:orders", lambda u: has_role(u, Role.PPK_SKPD)
              and bool(u.agency_id), _keuangan_count("spp_submitted"), query="status=spp_submitted"),
    DeskEntry(KEUANGAN, _("SPM menunggu tanda tangan PA/KPA"), "keuangan:orders", lambda u: has_role(u, Role.OPD_HEAD)
              and bool(u.agency_id), _keuangan_count("spm_draft", "returned"), query="status=spm_draft"),
    DeskEntry(KEUANGAN, _("Antrean SP2D"), "keuangan:queue", _keuangan("can_work_queue"),
              _keuangan_count("at_treasury", "verified", treasury=True)),
    DeskEntry(KEUANGAN, _("SP2D melewati janji satu jam"), "keuangan:queue", _keuangan("can_work_queue"),
              _keuangan_late_count, urgent=True),
    DeskEntry(KEUANGAN, _("Papan SP2D"), "keuangan:board", _keuangan("can_view_board")),
    DeskEntry(KEUANGAN, _("Statistik SP2D"), "keuangan:stats", _keuangan("can_view_board")),
    DeskEntry(KEUANGAN, _("DPA, SPD dan sisa pagu"), "keuangan:budget", _keuangan("can_use_keuangan")),
    DeskEntry(SPMB, _("Pendaftaran SPMB perlu diverifikasi"), "spmb:staff_queue", _spmb_staff, _spmb_to_verify_count,
              query="status=submitted"),
    DeskEntry(SPMB, _("SPMB: meja kerja"), "spmb:staff_home", _spmb_staff),
    DeskEntry(SPMB, _("SPMB: seleksi dan pengumuman"), "spmb:staff_selection", _spmb_office),
    DeskEntry(SPMB, _("SPMB: laporan"), "spmb:staff_reports", _spmb_office),
    DeskEntry(PORTAL, _("Dasbor Bupati: semua layanan"), "portal:dashboard", _dashboard),
    DeskEntry(PORTAL, _("Kelola Media Center dan situs OPD"), "portal:editor", _site_editor, _site_drafts_count),
    DeskEntry(PORTAL, _("E-mall: usaha binaan dinas koperasi dan UMKM"), "portal:umkm", _umkm_officer),
    DeskEntry(PORTAL, _("E-mall: daftarkan usaha"), "portal:umkm_add", _umkm_officer),
    DeskEntry(OTHER, _("Kotak keluar: pesan gagal"), "notifikasi:outbox", _channels_admin, _outbox_failed_count,
              query="status=failed", urgent=True),
    DeskEntry(OTHER, _("Kandidat aduan dari media sosial"), "notifikasi:candidates", _channels_admin,
              _new_candidates_count),
    DeskEntry(OTHER, _("Tempel unggahan medsos/grup WA"), "notifikasi:candidate_new", _paste_candidates),
    DeskEntry(OTHER, _("Hari libur dan hari kerja"), "kalender:holidays", is_staff_member),
)


@dataclass(frozen=True)
class DeskItem:
    group: str
    label: str
    url: str
    count: int | None
    urgent: bool

    @property
    def count_label(self) -> str:
        if self.count is None:
            return ""
        return f"{COUNT_CAP}+" if self.count > COUNT_CAP else str(self.count)


def desk_for(user) -> list[DeskItem]:
    """The entries `user` may open, in table order, with their counts (one query per counted entry)."""
    if not is_staff_member(user):
        return []
    items = []
    for entry in ENTRIES:
        if not entry.allowed(user):
            continue
        items.append(DeskItem(
            group=str(entry.group), label=str(entry.label), url=entry.url(user),
            count=entry.count(user) if entry.count else None, urgent=entry.urgent,
        ))
    return items
