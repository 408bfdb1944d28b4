"""The UMKM officer's pages (cooperatives office): the businesses it registered in any village, each with its
products; register a business, edit it, add and edit its products, send the seller its secret link. Phone first, no
JavaScript. Writes go through the one site engine (desa.services.site_content_save, as the office)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from satupintu.akun.decorators import object_view, rule_required
from satupintu.desa import services as site_services
from satupintu.desa.models import Product, Seller
from satupintu.desa.sites import SiteOwner

from .. import forms, permissions, selectors, services

# The business named by the URL's `pk`, for a user who may edit the office's businesses (404/403 in the selector).
office_business = object_view(selectors.office_business, url_kwarg="pk")


@rule_required(permissions.can_manage_businesses)
def business_list(request):
    q = request.GET.get("q", "")
    page = Paginator(selectors.office_businesses(request.user, q=q), 30).get_page(
        request.GET.get("page", "1")[:6]
    )
    return render(request, "portal/umkm/list.html", {"page": page, "q": q[:100]})


@require_http_methods(["GET", "POST"])
@rule_required(permissions.can_manage_businesses)
def business_add(request):
    form = forms.OfficeSellerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        village = data.pop("village")
        try:
            seller = site_services.site_content_save(
                owner=SiteOwner(village=village), by=request.user, model=Seller, data=data, as_office=True
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("Usaha %(name)s terdaftar. Tambahkan produknya.") % {"name": seller.name}
            )
            return redirect("portal:umkm_business", pk=seller.pk)
    return render(request, "portal/umkm/form.html", {"form": form, "title": _("Daftarkan usaha")})


@require_http_methods(["GET", "POST"])
@office_business
def business_detail(request, seller):
    form = forms.OfficeSellerForm(request.POST or None, instance=seller)
    if request.method == "POST" and form.is_valid():
        try:
            site_services.site_content_save(
                owner=SiteOwner(village=seller.village),
                by=request.user,
                instance=seller,
                data=form.cleaned_data,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Data usaha disimpan."))
            return redirect("portal:umkm_business", pk=seller.pk)
    products = Product.objects.filter(seller=seller).order_by("name", "pk")
    return render(
        request, "portal/umkm/business.html", {"seller": seller, "form": form, "products": products}
    )


@require_http_methods(["GET", "POST"])
@office_business
def product_edit(request, seller, product_pk=None):
    instance = get_object_or_404(Product, seller=seller, pk=product_pk) if product_pk else None
    form = forms.OfficeProductForm(request.POST or None, request.FILES or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        data = {**form.cleaned_data, "seller": seller}
        try:
            site_services.site_content_save(
                owner=SiteOwner(village=seller.village),
                by=request.user,
                instance=instance,
                model=Product,
                data=data,
                upload=form.cleaned_data.get("upload"),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Produk disimpan."))
            return redirect("portal:umkm_business", pk=seller.pk)
    title = _("Ubah produk") if instance else _("Tambah produk")
    return render(
        request,
        "portal/umkm/form.html",
        {"form": form, "title": title, "seller": seller, "object": instance, "multipart": True},
    )


@require_POST
@office_business
def product_delete(request, seller, product_pk):
    product = get_object_or_404(Product, seller=seller, pk=product_pk)
    try:
        site_services.content_delete(instance=product, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Produk dihapus."))
    return redirect("portal:umkm_business", pk=seller.pk)


@never_cache
@require_POST
@office_business
def seller_link(request, seller):
    """A new secret link for the seller (the old one stops working), shown once to send by WhatsApp."""
    key = services.seller_link_issue(seller=seller, by=request.user)
    link = request.build_absolute_uri(reverse("portal:seller", kwargs={"key": key}))
    response = render(request, "portal/umkm/link.html", {"seller": seller, "link": link})
    response["Referrer-Policy"] = "no-referrer"
    return response
