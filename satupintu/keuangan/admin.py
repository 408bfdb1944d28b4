from django.contrib import admin

from satupintu.core.admin import ReadOnlyAdmin

from .models import Account, BudgetLine, FiscalYear, PaymentOrder, Spd


@admin.register(Account)
class AccountAdmin(admin.ModelAdmin):
    """The chart of accounts: the regency loads its bagan akun standar here (codes checked by the Permendagri 90/2019
    format when saved)."""

    list_display = ("code", "name")
    search_fields = ("code", "name")


@admin.register(FiscalYear)
class FiscalYearAdmin(admin.ModelAdmin):
    """Open a budget year; close it (tutup buku) to stop new SPPs, verifications and SP2Ds in it."""

    list_display = ("year", "is_closed")


@admin.register(BudgetLine)
class BudgetLineAdmin(ReadOnlyAdmin):
    """Read-only: DPA lines come from the import, their commitments from verification."""

    list_display = ("agency", "year", "activity_code", "account", "amount", "spd_released", "committed")
    list_filter = ("year", "agency")
    search_fields = ("activity_code", "account__code", "description")


@admin.register(Spd)
class SpdAdmin(ReadOnlyAdmin):
    list_display = ("number", "agency", "year", "month_from", "month_to", "amount", "issued_at")
    list_filter = ("year", "agency")


@admin.register(PaymentOrder)
class PaymentOrderAdmin(ReadOnlyAdmin):
    """Read-only: SPP/SPM/SP2D change only through the services (ceilings, numbers, audit)."""

    list_display = ("pk", "agency", "kind", "status", "spm_number", "sp2d_number", "gross", "net", "sp2d_at")
    list_filter = ("status", "kind", "year", "agency")
    search_fields = ("spp_number", "spm_number", "sp2d_number")
    date_hierarchy = "created_at"
