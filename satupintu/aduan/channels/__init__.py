"""Complaints that arrive by WhatsApp, by mail to the complaints address and from social media.

notifikasi receives the webhooks and the delivery statuses; what a citizen sends in is handed to the handlers
registered here (notifikasi/inbound.py), from AduanConfig.ready()."""


def register() -> None:
    from satupintu.notifikasi.inbound import inbound_handler_register

    from .email import inbound_email_receive
    from .social import social_webhook_process
    from .whatsapp import whatsapp_message_handle

    inbound_handler_register(channel="whatsapp", handler=whatsapp_message_handle)
    inbound_handler_register(channel="email", handler=inbound_email_receive)
    inbound_handler_register(channel="social", handler=social_webhook_process)
