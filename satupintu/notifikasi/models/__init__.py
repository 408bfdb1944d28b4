from .inbound import (
    ConversationState,
    InboundEmail,
    ProcessedWebhookMessage,
    WhatsAppContact,
    WhatsAppConversation,
)
from .outbox import (
    Channel,
    ChannelOptOut,
    ChannelPreference,
    OutboxMessage,
    OutboxStatus,
)
from .social import CandidateStatus, SocialCandidate, SocialChannel

__all__ = [
    "CandidateStatus",
    "Channel",
    "ChannelOptOut",
    "ChannelPreference",
    "ConversationState",
    "InboundEmail",
    "OutboxMessage",
    "OutboxStatus",
    "ProcessedWebhookMessage",
    "SocialCandidate",
    "SocialChannel",
    "WhatsAppContact",
    "WhatsAppConversation",
]
