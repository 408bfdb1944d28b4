"""The shapes of the REST API's answers (pydantic, through django-ninja): the OpenAPI schema is generated from them,
and every answer is validated against them, so a field not declared here cannot reach a partner."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from ninja import Schema


class ErrorDetail(Schema):
    code: str
    message: str
    details: list[dict] | None = None


class Error(Schema):
    error: ErrorDetail


class Page(Schema):
    next_cursor: str | None
    next: str | None


class ComplaintOut(Schema):
    code: str
    kind: str
    kind_label: str
    status: str
    status_label: str
    open311_status: str
    title: str
    category: str | None
    category_name: str | None
    agency: str | None
    village: str | None
    village_name: str | None
    district_name: str | None
    received_at: datetime
    updated_at: datetime
    is_late: bool
    url: str


class ComplaintPage(Page):
    items: list[ComplaintOut]


class TimelineOut(Schema):
    date: date
    label: str


class ComplaintDetailOut(Schema):
    code: str
    kind: str
    kind_label: str
    status: str
    status_label: str
    is_public: bool
    title: str
    description: str
    category: str | None
    category_name: str | None
    agency: str
    village: str | None
    received_at: datetime
    deadline: date | None
    is_late: bool
    answer: str
    answered_at: datetime | None
    timeline: list[TimelineOut]


class StaffComplaintOut(Schema):
    code: str
    kind: str
    status: str
    status_label: str
    channel: str
    title: str
    description: str
    category: str | None
    agency: str | None
    handler_unit: str | None
    village: str | None
    address: str
    latitude: Decimal | None
    longitude: Decimal | None
    reporter: str
    is_anonymous: bool
    is_confidential: bool
    received_at: datetime
    deadline: date | None
    is_late: bool
    escalation_level: int


class StaffComplaintPage(Page):
    items: list[StaffComplaintOut]


class InfoItemOut(Schema):
    id: int
    agency: str
    category: str
    category_label: str
    title: str
    summary: str
    holding_unit: str
    legal_ground: str
    link: str
    updated_at: datetime


class InfoItemPage(Page):
    items: list[InfoItemOut]


class InfoRequestStatusOut(Schema):
    tracking_code: str
    number: str
    status: str
    status_label: str
    agency: str
    received_on: date
    deadline: date | None


class LetterVerificationOut(Schema):
    valid: bool
    revoked: bool
    number: str
    letter_type: str
    signed_at: datetime
    village: str
    district: str
    holder: str
    valid_until: date | None


class RegionOut(Schema):
    code: str
    name: str


class VillageOut(Schema):
    code: str
    name: str
    kind: str
    district: str
    district_name: str
    slug: str | None
    site_url: str | None


class VillagePage(Page):
    items: list[VillageOut]


class ArticleOut(Schema):
    id: int
    kind: str
    title: str
    summary: str
    published_at: datetime
    url: str


class ArticlePage(Page):
    items: list[ArticleOut]


class ProductOut(Schema):
    id: int
    name: str
    category: str
    price: Decimal
    unit: str
    village: str
    village_name: str
    url: str


class ProductPage(Page):
    items: list[ProductOut]


class BudgetLineOut(Schema):
    code: str
    description: str
    budget_amount: Decimal
    realisation_amount: Decimal | None


class BudgetOut(Schema):
    year: int
    note: str
    lines: list[BudgetLineOut]


class CountCell(Schema):
    text: str
    value: int
    suppressed: bool


class PyramidRow(Schema):
    label: str
    male: CountCell
    female: CountCell


class TableRow(Schema):
    label: str
    cell: CountCell


class PopulationOut(Schema):
    village: str
    total: CountCell
    male: CountCell
    female: CountCell
    pyramid: list[PyramidRow]
    education: list[TableRow]
    occupation: list[TableRow]
    religion: list[TableRow]
    note: str


class WebhookIn(Schema):
    url: str
    events: list[str]


class WebhookOut(Schema):
    id: int
    url: str
    events: list[str]
    is_active: bool


class WebhookCreated(WebhookOut):
    secret: str
