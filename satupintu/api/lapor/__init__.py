"""The SP4N-LAPOR! connector: forwarding reports to the national channel and synchronising back (see adapter.py
for the interface and its configuration, services.py for the flow)."""
