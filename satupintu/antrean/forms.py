"""Forms of the queue service. Messages in Indonesian; the services check again what matters (a form is not the
only way in)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import Service


class _KnownServiceField(forms.ModelChoiceField):
    """A ModelChoiceField that takes the chosen service from rows already read (`known`, id -> Service) instead of
    querying for it; the list shown is still its queryset."""

    known: dict | None = None

    def to_python(self, value):
        if self.known is None or value in self.empty_values:
            return super().to_python(value)
        try:
            return self.known[int(value)]
        except (KeyError, TypeError, ValueError):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice") from None


class ChooseForm(forms.Form):
    """Step 1 of a booking (GET: no personal data): the service and the day."""

    layanan = _KnownServiceField(queryset=Service.objects.none(), label=_("Layanan/poli"), empty_label=_("— pilih —"))
    tanggal = forms.DateField(label=_("Tanggal kunjungan"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, point, services: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["layanan"].queryset = Service.objects.filter(point=point, is_active=True, bookable=True)
        self.fields["layanan"].known = services


class BookingForm(forms.Form):
    session = forms.IntegerField(label=_("Sesi"), widget=forms.HiddenInput)
    nik = forms.CharField(label=_("NIK"), max_length=20, widget=forms.TextInput(
        attrs={"inputmode": "numeric", "autocomplete": "off", "pattern": "[0-9 ]*"}),
        help_text=_("16 angka pada KTP atau KK. Tidak ditampilkan di mana pun."))
    jkn_number = forms.CharField(label=_("Nomor kartu JKN/BPJS Kesehatan (bila berobat dengan JKN)"), max_length=20,
                                 required=False, widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    phone = forms.CharField(label=_("Nomor WhatsApp untuk pengingat"), max_length=20, required=False,
                            widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))

    def __init__(self, *args, hospital: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not hospital:
            del self.fields["jkn_number"]


class MoveForm(forms.Form):
    tanggal = forms.DateField(label=_("Tanggal baru"), widget=forms.DateInput(attrs={"type": "date"}))
    session = forms.IntegerField(label=_("Sesi"), required=False, widget=forms.HiddenInput)


class KioskFindForm(forms.Form):
    value = forms.CharField(label=_("Kode pesanan atau NIK"), max_length=30, widget=forms.TextInput(
        attrs={"autocomplete": "off", "autocapitalize": "characters", "class": "kiosk-input"}))


class PassOnForm(forms.Form):
    to = forms.ModelChoiceField(queryset=Service.objects.none(), label=_("Teruskan ke"), empty_label=None)

    def __init__(self, *args, counter, current=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = Service.objects.filter(point_id=counter.point_id, is_active=True)
        if current is not None:
            qs = qs.exclude(pk=current.service_id)
            if current.service.next_service_id:
                self.fields["to"].initial = current.service.next_service_id
        self.fields["to"].queryset = qs


class StatsForm(forms.Form):
    point = forms.IntegerField(required=False, widget=forms.HiddenInput)
    start = forms.DateField(label=_("Dari"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("Sampai"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
