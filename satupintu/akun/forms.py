from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class SignInForm(AuthenticationForm):
    """Django's sign-in form with a message of its own: Django's Indonesian one puts the field's name ("nama
    pengguna") into a sentence that already says it ("Masukkan nama pengguna nama pengguna dan sandi ...")."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Masukkan nama pengguna dan sandi yang benar. Perhatikan huruf besar dan kecil."),
    }


class TokenForm(forms.Form):
    """The second step: a 6-digit code from the authenticator app, or one of the backup codes."""

    code = forms.CharField(
        label=_("Kode"),
        max_length=16,
        help_text=_("Enam angka dari aplikasi autentikator, atau satu kode cadangan."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "autocapitalize": "off"}
        ),
    )

    def clean_code(self) -> str:
        return "".join(self.cleaned_data["code"].split()).lower()
