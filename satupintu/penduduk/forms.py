from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from satupintu.akun.permissions import is_regency_wide
from satupintu.wilayah.models import Village

from .mandiri import pin_problem
from .models import (
    EventDocument,
    FamilyRelation,
    Household,
    Resident,
    ResidentStatus,
    nik_consistency_errors,
    validate_kk_number,
)
from .models import MaritalStatus as _MaritalStatus
from .models import Religion as _Religion
from .models import Sex as _Sex
from .nik import normalize_nik, parse_nik, validate_nik

# The upload page imports within the request: fine for a village (a few thousand rows, well under a second) and a
# district; a whole regency's register goes through `manage.py import_penduduk` on the server.
MAX_UPLOAD_MB = int(getattr(settings, "PENDUDUK_IMPORT_MAX_UPLOAD_MB", 20))


class NikField(forms.CharField):
    """A NIK as people type it (spaces, dots and hyphens allowed), cleaned to 16 digits and fully checked."""

    default_label = _("NIK")
    check = staticmethod(parse_nik)

    def __init__(self, **kwargs):
        kwargs.setdefault("label", self.default_label)
        kwargs.setdefault("max_length", 24)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        return normalize_nik(super().to_python(value))

    def validate(self, value):
        super().validate(value)
        if value:
            self.check(value)


class KkField(NikField):
    """A family card (KK) number: typed and cleaned like a NIK, checked as a KK number."""

    default_label = _("Nomor KK")
    check = staticmethod(validate_kk_number)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ResidentSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Cari NIK, nomor KK atau nama"), required=False, max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Semua status")), *ResidentStatus.choices]
    )


class ResidentForm(forms.ModelForm):
    """Validates a resident for the register pages; saving goes through `services.resident_create/update`."""

    nik = NikField(help_text=_("16 digit sesuai KTP/KK. Tidak dapat diubah setelah disimpan."))
    kk_number = KkField(
        required=False,
        help_text=_("Kosongkan jika belum masuk KK. KK yang belum terdaftar dibuat otomatis di desa yang sama."),
    )

    class Meta:
        model = Resident
        fields = [
            "nik", "name", "sex", "birth_place", "birth_date", "religion", "marital_status", "occupation",
            "education", "address", "rt", "rw", "village", "family_relation", "blood_type", "disability",
            "health_insurance",
        ]
        widgets = {"birth_date": DateInput()}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        field = self.fields["village"]
        if is_regency_wide(user):
            field.queryset = (
                Village.objects.filter(district__regency_id=settings.SATUPINTU_REGENCY_CODE)
                .select_related("district")
                .order_by("code")
            )
        else:
            field.queryset = Village.objects.filter(pk=user.village_id)
            field.initial = user.village_id
            field.disabled = True
        field.label_from_instance = lambda v: f"{v} ({v.district.name})" if v.district_id else str(v)
        if self.instance.pk:
            self.fields["nik"].disabled = True
            self.fields["nik"].required = False
            self.fields["kk_number"].initial = self.instance.family.kk_number if self.instance.family_id else ""

    def _clean_rt_rw(self, name: str) -> str:
        value = (self.cleaned_data.get(name) or "").strip()
        if value and not (value.isdigit() and len(value.lstrip("0") or "0") <= 3):
            raise ValidationError(_("Isi dengan angka, paling banyak 3 digit."))
        return (value.lstrip("0") or "0").zfill(3) if value else ""

    def clean_rt(self):
        return self._clean_rt_rw("rt")

    def clean_rw(self):
        return self._clean_rt_rw("rw")

    def clean(self):
        data = super().clean()
        nik = data.get("nik") or self.instance.nik
        if nik:
            for name, message in nik_consistency_errors(nik, data.get("birth_date"), data.get("sex")).items():
                if name not in self.errors:
                    self.add_error(name, message)
        if data.get("family_relation") and not data.get("kk_number"):
            self.add_error("family_relation", _("Hubungan keluarga hanya diisi jika nomor KK diisi."))
        return data

    def _post_clean(self):
        # The model's own validation runs in the service; here only the NIK must be unique (a clear field error).
        nik = self.cleaned_data.get("nik")
        if nik and not self.instance.pk and Resident.objects.filter(nik=nik).exists():
            self.add_error("nik", _("NIK ini sudah terdaftar."))

    def service_fields(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields if name != "nik"}
        data["kk_number"] = self.cleaned_data.get("kk_number") or ""
        return data


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status baru"), choices=ResidentStatus.choices)
    note = forms.CharField(label=_("Keterangan"), required=False, max_length=500)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas data penduduk (CSV atau XLSX)"),
        help_text=_("Baris pertama berisi judul kolom: NIK, NO_KK, NAMA_LENGKAP, JENIS_KELAMIN, TEMPAT_LAHIR, "
                    "TANGGAL_LAHIR, AGAMA, STATUS_PERKAWINAN, PEKERJAAN, PENDIDIKAN, ALAMAT, RT, RW, KODE_DESA, "
                    "HUBUNGAN_KELUARGA."),
    )
    dry_run = forms.BooleanField(label=_("Periksa saja, jangan simpan"), required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = (upload.name or "").lower()
        if not name.endswith((".csv", ".xlsx")):
            raise ValidationError(_("Unggah berkas .csv atau .xlsx."))
        if upload.size > MAX_UPLOAD_MB * 1024 * 1024:
            raise ValidationError(
                _("Berkas lebih dari %(mb)s MB. Untuk data sebesar ini gunakan perintah import_penduduk di server.")
                % {"mb": MAX_UPLOAD_MB}
            )
        return upload


# --- Layanan mandiri ------------------------------------------------------------------------------------------


class MandiriLoginForm(forms.Form):
    nik = forms.CharField(
        label=_("NIK"), max_length=24,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "username"}),
    )
    pin = forms.CharField(
        label=_("PIN (6 digit)"), max_length=6, min_length=6,
        widget=forms.PasswordInput(attrs={"inputmode": "numeric", "autocomplete": "current-password"}),
    )


class MandiriRegisterForm(forms.Form):
    nik = forms.CharField(label=_("NIK"), max_length=24, widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    kk_number = forms.CharField(
        label=_("Nomor KK"), max_length=24, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )
    birth_date = forms.DateField(label=_("Tanggal lahir"), widget=DateInput())


class MandiriPinForm(forms.Form):
    pin = forms.CharField(
        label=_("PIN baru (6 digit)"), max_length=6, min_length=6,
        widget=forms.PasswordInput(attrs={"inputmode": "numeric", "autocomplete": "new-password"}),
    )
    pin_again = forms.CharField(
        label=_("Ulangi PIN"), max_length=6, min_length=6,
        widget=forms.PasswordInput(attrs={"inputmode": "numeric", "autocomplete": "new-password"}),
    )

    def __init__(self, *args, resident=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.resident = resident

    def clean(self):
        data = super().clean()
        pin, again = data.get("pin"), data.get("pin_again")
        if pin:
            problem = pin_problem(pin, resident=self.resident)
            if problem:
                self.add_error("pin", problem)
            elif again and pin != again:
                self.add_error("pin_again", _("Kedua PIN tidak sama."))
        return data


# --- Population events (mutasi penduduk) ---------------------------------------------------------------------------



def _date_field(label):
    return forms.DateField(label=label, widget=forms.DateInput(attrs={"type": "date"}))


def _nik_field(label):
    return forms.CharField(label=label, max_length=24, widget=forms.TextInput(attrs={"inputmode": "numeric",
                                                                                     "autocomplete": "off"}))


class _EventForm(forms.Form):
    document_kind = forms.ChoiceField(label=_("Dokumen dasar"), choices=EventDocument.choices)
    document_number = forms.CharField(label=_("Nomor dokumen"), max_length=120, required=False,
                                      help_text=_("Nomor surat desa, akta atau surat pindah."))
    note = forms.CharField(label=_("Keterangan"), max_length=500, required=False)

    def clean_nik(self):
        nik = normalize_nik(self.cleaned_data["nik"])
        validate_nik(nik)
        return nik

    def clean_kk_number(self):
        return normalize_nik(self.cleaned_data.get("kk_number") or "")


class BirthEventForm(_EventForm):
    kk_number = _nik_field(_("Nomor KK keluarga"))
    nik = _nik_field(_("NIK bayi"))
    name = forms.CharField(label=_("Nama bayi"), max_length=150)
    sex = forms.ChoiceField(label=_("Jenis kelamin"), choices=_Sex.choices)
    birth_place = forms.CharField(label=_("Tempat lahir"), max_length=100)
    birth_date = _date_field(_("Tanggal lahir"))
    relation = forms.ChoiceField(label=_("Hubungan dalam keluarga"), choices=FamilyRelation.choices,
                                 initial=FamilyRelation.ANAK)
    field_order = ["kk_number", "nik", "name", "sex", "birth_place", "birth_date", "relation", "document_kind",
                   "document_number", "note"]


class DeathEventForm(_EventForm):
    nik = _nik_field(_("NIK yang meninggal"))
    date = _date_field(_("Tanggal meninggal"))
    place = forms.CharField(label=_("Tempat meninggal"), max_length=255, required=False)
    field_order = ["nik", "date", "place", "document_kind", "document_number", "note"]


class MoveOutEventForm(_EventForm):
    nik = _nik_field(_("NIK yang pindah"))
    date = _date_field(_("Tanggal pindah"))
    place = forms.CharField(label=_("Alamat tujuan"), max_length=255)
    field_order = ["nik", "date", "place", "document_kind", "document_number", "note"]


class MoveInEventForm(_EventForm):
    nik = _nik_field(_("NIK"))
    date = _date_field(_("Tanggal datang"))
    place = forms.CharField(label=_("Alamat asal"), max_length=255)
    kk_number = forms.CharField(label=_("Nomor KK di desa ini"), max_length=24, required=False,
                                help_text=_("Kosongkan bila belum masuk KK desa ini."))
    relation = forms.ChoiceField(label=_("Hubungan dalam keluarga"), required=False,
                                 choices=[("", "—"), *FamilyRelation.choices])
    name = forms.CharField(label=_("Nama lengkap"), max_length=150, required=False,
                           help_text=_("Untuk penduduk yang belum ada di data kabupaten."))
    sex = forms.ChoiceField(label=_("Jenis kelamin"), choices=[("", "—"), *_Sex.choices], required=False)
    birth_place = forms.CharField(label=_("Tempat lahir"), max_length=100, required=False)
    birth_date = forms.DateField(label=_("Tanggal lahir"), required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}))
    religion = forms.ChoiceField(label=_("Agama"), choices=[("", "—"), *_Religion.choices], required=False)
    marital_status = forms.ChoiceField(label=_("Status perkawinan"), choices=[("", "—"), *_MaritalStatus.choices],
                                       required=False)
    occupation = forms.CharField(label=_("Pekerjaan"), max_length=100, required=False)
    address = forms.CharField(label=_("Alamat di desa ini"), max_length=255, required=False)
    field_order = ["nik", "date", "place", "kk_number", "relation", "name", "sex", "birth_place", "birth_date",
                   "religion", "marital_status", "occupation", "address", "document_kind", "document_number", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document_kind"].initial = EventDocument.MOVE_CERTIFICATE

    def resident_fields(self) -> dict:
        data = self.cleaned_data
        return {name: data[name] for name in ("name", "sex", "birth_place", "birth_date", "religion",
                                             "marital_status", "occupation", "address") if data.get(name)}


class MonthForm(forms.Form):
    tahun = forms.IntegerField(min_value=2000, max_value=2100)
    bulan = forms.IntegerField(min_value=1, max_value=12)
    kecamatan = forms.CharField(required=False, max_length=20)


class HouseholdForm(forms.ModelForm):
    """A household's house data, members and head; saving goes through `services.household_save`."""

    members = forms.CharField(
        label=_("NIK anggota rumah tangga"), widget=forms.Textarea(attrs={"rows": 4, "inputmode": "numeric"}),
        help_text=_("Satu NIK per baris (boleh juga dipisah koma). Nomor KK di baris sendiri memasukkan semua "
                    "anggota aktif KK itu."),
    )
    head_nik = NikField(label=_("NIK kepala rumah tangga"))

    class Meta:
        model = Household
        fields = [
            "number", "address", "rt", "rw", "latitude", "longitude", "floor", "wall", "water", "electricity",
            "sanitation", "floor_area", "welfare",
        ]
        widgets = {
            "latitude": forms.NumberInput(attrs={"step": "0.000001", "inputmode": "decimal"}),
            "longitude": forms.NumberInput(attrs={"step": "0.000001", "inputmode": "decimal"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["number"].required = False
        self.fields["latitude"].help_text = _("Titik rumah di peta, contoh 3.577000 (lintang) dan 98.983000 (bujur).")
        if self.instance.pk:
            self.fields["members"].initial = "\n".join(self.instance.members.order_by("pk").values_list("nik", flat=True))
            self.fields["head_nik"].initial = self.instance.head.nik if self.instance.head_id else ""

    def _clean_rt_rw(self, name: str) -> str:
        value = (self.cleaned_data.get(name) or "").strip()
        if value and not (value.isdigit() and len(value.lstrip("0") or "0") <= 3):
            raise ValidationError(_("Isi dengan angka, paling banyak 3 digit."))
        return (value.lstrip("0") or "0").zfill(3) if value else ""

    def clean_rt(self):
        return self._clean_rt_rw("rt")

    def clean_rw(self):
        return self._clean_rt_rw("rw")

    def clean_members(self) -> list[str]:
        """NIKs of the members: a KK number stands for the active members of that card."""
        import re

        from .models import Family

        numbers = [normalize_nik(n) for n in re.split(r"[\s,;]+", self.cleaned_data["members"]) if n.strip()]
        wrong = [n for n in numbers if not (len(n) == 16 and n.isdigit())]
        if wrong:
            raise ValidationError(_("Bukan NIK/nomor KK 16 digit: %(values)s.") % {"values": ", ".join(wrong)})
        families = dict(
            Family.objects.filter(kk_number__in=numbers).values_list("kk_number", "pk")
        )
        niks: list[str] = []
        for number in numbers:
            if number in families and not Resident.objects.filter(nik=number).exists():
                niks += list(
                    Resident.objects.filter(family_id=families[number], status=ResidentStatus.ACTIVE)
                    .order_by("pk").values_list("nik", flat=True)
                )
            else:
                niks.append(number)
        return list(dict.fromkeys(niks))

    def _post_clean(self):
        pass  # the model is validated by the service, with the village it belongs to

    def service_fields(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["number"] = (data["number"] or "").strip()
        return data


class HouseholdVillageForm(forms.Form):
    """The village of a new household, for regency-wide staff (village staff create in their own village)."""

    village = forms.ModelChoiceField(label=_("Desa/kelurahan"), queryset=Village.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = (
            Village.objects.filter(district__regency_id=settings.SATUPINTU_REGENCY_CODE).select_related("district")
            .order_by("code")
        )
