"""Sign-ins and sign-outs go to the audit trail; a sign-in of someone who owes a second factor marks the session.
(Failed sign-ins, refusals and lock-outs are audited in throttle.py, after django-axes has counted them.)"""

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from satupintu.core.audit import audit_record

from . import twofactor


@receiver(user_logged_in, dispatch_uid="akun.signed_in")
def signed_in(sender, request, user, **kwargs):
    owes = twofactor.owes_at_sign_in(user)
    if owes and request is not None and hasattr(request, "session"):
        request.session[twofactor.SESSION_KEY] = twofactor.PENDING
    audit_record(
        obj=user,
        action="akun.signed_in",
        actor=user,
        data={"path": getattr(request, "path", "")[:200], "second_factor_due": owes},
    )


@receiver(user_logged_out, dispatch_uid="akun.signed_out")
def signed_out(sender, request, user, **kwargs):
    if user is not None:
        audit_record(obj=user, action="akun.signed_out", actor=user)
