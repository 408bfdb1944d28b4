"""Adapters to the outside world: one module per provider, each turning an OutboxMessage into a DeliveryResult or a
Temporary/PermanentDeliveryError."""
