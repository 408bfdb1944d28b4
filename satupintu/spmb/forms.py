"""Forms of SPMB: they check the shape of the input; the rules are in services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from satupintu.core.widgets import FastSelect

from .models import (
    AffirmationBasis,
    DocumentKind,
    DomicileBasis,
    Level,
    PrestasiRule,
    School,
    SchoolYear,
    Track,
    TransferBasis,
)
from .services import RegistrationInput


class SchoolOptions:
    """The options of a school <select>, read only when the form is rendered: a POST that is valid never loads the
    regency's 500 schools (the three chosen are read in one query by `RegistrationForm.clean`)."""

    def __iter__(self):
        yield "", _("— pilih sekolah —")
        for pk, level, name in School.objects.filter(is_active=True).order_by("level", "name").values_list(
                "pk", "level", "name"):
            yield pk, f"{Level(level).label} – {name}"


class SchoolSelect(FastSelect):
    def render(self, name, value, attrs=None, renderer=None):
        self.choices = list(SchoolOptions())
        return super().render(name, value, attrs, renderer)


def _school_field(label, required):
    return forms.IntegerField(label=label, required=required, min_value=1, widget=SchoolSelect)


class RegistrationForm(forms.Form):
    """The parent's form: the child's data (the first two fields only on a new registration) and the choices."""

    nik = forms.CharField(label=_("NIK anak"), max_length=20, help_text=_("16 angka, tercetak di Kartu Keluarga."),
                          widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    kk_number = forms.CharField(label=_("Nomor KK"), max_length=20,
                                widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    level = forms.ChoiceField(label=_("Jenjang"), choices=Level.choices, widget=forms.RadioSelect)
    track = forms.ChoiceField(label=_("Jalur"), choices=Track.choices, widget=forms.RadioSelect,
                              help_text=_("Prestasi hanya untuk SMP."))
    school_1 = _school_field(_("Sekolah pilihan pertama"), True)
    school_2 = _school_field(_("Sekolah pilihan kedua"), False)
    school_3 = _school_field(_("Sekolah pilihan ketiga"), False)
    domicile_basis = forms.ChoiceField(label=_("Dasar domisili"), choices=DomicileBasis.choices,
                                       widget=forms.RadioSelect, initial=DomicileBasis.KK)
    kk_since = forms.DateField(label=_("Tanggal terbit KK"), required=False,
                               widget=forms.DateInput(attrs={"type": "date"}),
                               help_text=_("Domisili dengan KK: KK terbit paling lambat satu tahun sebelum "
                                           "mendaftar."))
    domicile_letter_number = forms.CharField(
        label=_("Nomor surat keterangan domisili"), max_length=120, required=False,
        help_text=_("Bila memakai surat keterangan domisili dari desa: nomor yang tercetak pada surat."))
    latitude = forms.FloatField(label=_("Lintang rumah"), required=False, widget=forms.NumberInput(
        attrs={"step": "any"}))
    longitude = forms.FloatField(label=_("Bujur rumah"), required=False, widget=forms.NumberInput(
        attrs={"step": "any"}), help_text=_("Kosongkan bila tidak tahu: dipakai titik pusat desa."))
    affirmation_basis = forms.ChoiceField(label=_("Dasar afirmasi"), choices=AffirmationBasis.choices,
                                          required=False)
    transfer_basis = forms.ChoiceField(label=_("Dasar mutasi"), choices=TransferBasis.choices, required=False)
    report_average = forms.DecimalField(label=_("Rata-rata rapor (prestasi)"), max_digits=5, decimal_places=2,
                                        required=False, min_value=0, max_value=100)
    prestasi_rule = forms.ModelChoiceField(label=_("Prestasi lomba (prestasi)"), queryset=PrestasiRule.objects.none(),
                                           required=False, empty_label=_("— tidak ada —"))
    parent_name = forms.CharField(label=_("Nama orang tua/wali"), max_length=150)
    parent_phone = forms.CharField(label=_("Nomor WhatsApp orang tua/wali"), max_length=20,
                                   widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))

    def __init__(self, *args, year: SchoolYear, identity: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["prestasi_rule"].queryset = PrestasiRule.objects.filter(year=year)
        if not identity:
            del self.fields["nik"], self.fields["kk_number"]

    def registration_input(self) -> RegistrationInput:
        d = self.cleaned_data
        return RegistrationInput(
            level=d["level"], track=d["track"],
            schools=[d[n] for n in ("school_1", "school_2", "school_3") if d.get(n)],
            parent_name=d["parent_name"], parent_phone=d["parent_phone"], domicile_basis=d["domicile_basis"],
            kk_since=d.get("kk_since"), domicile_letter_number=d.get("domicile_letter_number") or "",
            latitude=d.get("latitude"), longitude=d.get("longitude"),
            affirmation_basis=d.get("affirmation_basis") or "", transfer_basis=d.get("transfer_basis") or "",
            report_average=d.get("report_average"), prestasi_rule=d.get("prestasi_rule"),
        )

    @staticmethod
    def initial_from(registration) -> dict:
        schools = {c.position: c.school_id for c in registration.choices.all()}
        return {
            "level": registration.level, "track": registration.track, "school_1": schools.get(1),
            "school_2": schools.get(2), "school_3": schools.get(3), "domicile_basis": registration.domicile_basis,
            "kk_since": registration.kk_since, "domicile_letter_number": registration.domicile_letter_number,
            "latitude": registration.latitude if registration.location_source == "point" else None,
            "longitude": registration.longitude if registration.location_source == "point" else None,
            "affirmation_basis": registration.affirmation_basis, "transfer_basis": registration.transfer_basis,
            "report_average": registration.report_average, "prestasi_rule": registration.prestasi_rule_id,
            "parent_name": registration.parent_name, "parent_phone": registration.parent_phone,
        }


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis dokumen"), choices=DocumentKind.choices)
    file = forms.FileField(label=_("Berkas (PDF, JPG atau PNG, paling besar 2 MB)"))


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Alasan"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


class VerifyForm(forms.Form):
    note = forms.CharField(label=_("Catatan (tidak wajib)"), max_length=500, required=False)
    young_exception = forms.BooleanField(label=_("Ada rekomendasi psikolog (anak 5 tahun 6 bulan ke atas)"),
                                         required=False)


class ObjectionForm(forms.Form):
    text = forms.CharField(label=_("Keberatan Anda"), min_length=20, max_length=3000,
                           widget=forms.Textarea(attrs={"rows": 5}))


class ResultLookupForm(forms.Form):
    number = forms.CharField(label=_("Nomor pendaftaran"), max_length=20,
                             widget=forms.TextInput(attrs={"placeholder": "SPMB-XXXX-XXXX", "autocomplete": "off"}))


class SchoolYearForm(forms.ModelForm):
    class Meta:
        model = SchoolYear
        fields = ["name", "reference_date", "registration_opens", "registration_closes", "verification_closes",
                  "announcement_at", "reregistration_closes", "second_round_opens", "second_round_closes",
                  "sd_domisili", "sd_afirmasi", "sd_mutasi", "smp_domisili", "smp_afirmasi", "smp_prestasi",
                  "smp_mutasi", "unused_to_domisili", "is_active"]
        widgets = {
            "reference_date": forms.DateInput(attrs={"type": "date"}),
            **{name: forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M") for name in (
                "registration_opens", "registration_closes", "verification_closes", "announcement_at",
                "reregistration_closes", "second_round_opens", "second_round_closes")},
        }


class SchoolForm(forms.ModelForm):
    class Meta:
        model = School
        fields = ["npsn", "name", "level", "village", "address", "latitude", "longitude", "capacity",
                  "domicile_villages", "is_active"]
        widgets = {"village": FastSelect, "domicile_villages": forms.SelectMultiple(attrs={"size": 8})}


class PrestasiRuleForm(forms.Form):
    label = forms.CharField(label=_("Prestasi"), max_length=150)
    points = forms.DecimalField(label=_("Poin"), max_digits=5, decimal_places=2, min_value=0, max_value=100)
