"""Complaints that arrive by WhatsApp, by mail to the complaints address and from social media.

notifikasi receives the webhooks and the delivery statuses; what a citizen sends in is handed to the handlers
registered here (notifikasi/inbound.py), from AduanConfig.ready()."""


def register() -> None:
    from satupintu.notifikasi.inbound import inbound_handler_register
    from satupintu.notifikasi.services import delivery_register

    from .email import inbound_email_receive
    from .social import REPLY_EVENT, social_reply_deliver, social_webhook_process
    from .whatsapp import whatsapp_message_handle

    inbound_handler_register(channel="whatsapp", handler=whatsapp_message_handle)
    inbound_handler_register(channel="email", handler=inbound_email_receive)
    inbound_handler_register(channel="social", handler=social_webhook_process)
    # The tracking link replied on the Facebook/Instagram thread a report came from, through the outbox.
    delivery_register(event=REPLY_EVENT, deliver=social_reply_deliver)
