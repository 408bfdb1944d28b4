from django.contrib import admin

from satupintu.core.admin import ReadOnlyAdmin

from .models import ClosedDay, Counter, CounterMembership, Doctor, Service, ServicePoint, Session, Ticket


class ServiceInline(admin.TabularInline):
    model = Service
    extra = 0
    fields = ("name", "kind", "letter", "minutes_per_visit", "bookable", "walk_in", "next_service", "order",
              "is_active")


class ClosedDayInline(admin.TabularInline):
    model = ClosedDay
    extra = 0


@admin.register(ServicePoint)
class ServicePointAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "agency", "booking_days_ahead", "nik_daily_limit", "is_active")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [ServiceInline, ClosedDayInline]


@admin.register(Doctor)
class DoctorAdmin(admin.ModelAdmin):
    list_display = ("name", "service", "is_active")
    list_filter = ("service__point",)


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ("service", "doctor", "weekday", "starts", "ends", "quota", "is_active")
    list_filter = ("service__point", "weekday")


class MembershipInline(admin.TabularInline):
    model = CounterMembership
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(Counter)
class CounterAdmin(admin.ModelAdmin):
    list_display = ("name", "point", "current_label", "is_active")
    list_filter = ("point",)
    filter_horizontal = ("services",)
    exclude = ("current_ticket", "current_label", "called_at", "call_seq")
    inlines = [MembershipInline]


@admin.register(Ticket)
class TicketAdmin(ReadOnlyAdmin):
    list_display = ("code", "date", "first_service", "number", "source", "status")
    list_filter = ("point", "status", "source")
    search_fields = ("code",)
    exclude = ("nik", "secret")
