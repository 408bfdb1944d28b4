from django import forms
from django.utils.translation import gettext_lazy as _

from .models import OutboxStatus


class OutboxFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("Semua"))] + OutboxStatus.choices)
    channel = forms.ChoiceField(
        label=_("Kanal"), required=False, choices=[("", _("Semua")), ("whatsapp", "WhatsApp"), ("email", "Email")]
    )


class ChannelPreferenceForm(forms.Form):
    whatsapp_enabled = forms.BooleanField(label=_("Kirim kabar lewat WhatsApp"), required=False)
    email_enabled = forms.BooleanField(label=_("Kirim kabar lewat email"), required=False)
