"""The Media Center, agency sites, e-mall, the regent's dashboard and the site editor (namespace `portal`).
The home page itself keeps its `core:home` name (portal/urls.py)."""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from .feeds import MediaCenterFeed
from .sitemaps import SITEMAPS
from .views import dashboard, editor, public, seller, umkm

app_name = "portal"

urlpatterns = [
    path("media/rss/", MediaCenterFeed(), name="feed_rss"),
    path("media/galeri/", public.gallery, name="gallery"),
    path("media/baca/<slug:article>/", public.article, name="article"),
    path("media/<slug:kind>/", public.articles, name="articles"),
    path("sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap_section"),
    path("opd/", public.agencies, name="agencies"),
    path("opd/<slug:slug>/", public.agency_home, name="agency_home"),
    path("opd/<slug:slug>/profil/", public.agency_profile, name="agency_profile"),
    path("opd/<slug:slug>/galeri/", public.agency_gallery, name="agency_gallery"),
    path("opd/<slug:slug>/layanan/<slug:service>/", public.agency_service, name="agency_service"),
    path("opd/<slug:slug>/baca/<slug:article>/", public.agency_article, name="agency_article"),
    path("opd/<slug:slug>/<slug:kind>/", public.agency_articles, name="agency_articles"),
    path("emall/", public.emall, name="emall"),
    path("emall/penjual/<str:key>/", seller.manage, name="seller"),
    path("emall/<slug:village>/<slug:product>/", public.emall_product, name="emall_product"),
    path("dasbor/", dashboard.dashboard, name="dashboard"),
    path("offline/", public.offline, name="offline"),
    path("manifest.webmanifest", public.manifest, name="manifest"),
    path("sw.js", public.service_worker, name="service_worker"),
    # Site editor (Media Center and agency sites)
    path("kelola-situs/", editor.index, name="editor"),
    path("kelola-situs/<str:owner>/", editor.site_home, name="editor_site"),
    path("kelola-situs/<str:owner>/profil/", editor.agency_profile, name="editor_profile"),
    path("kelola-situs/<str:owner>/layanan/", editor.service_list, name="editor_services"),
    path("kelola-situs/<str:owner>/layanan/tambah/", editor.service_edit, name="editor_service_add"),
    path("kelola-situs/<str:owner>/layanan/<int:pk>/", editor.service_edit, name="editor_service_edit"),
    path("kelola-situs/<str:owner>/<slug:section>/", editor.section_list, name="editor_section"),
    path("kelola-situs/<str:owner>/<slug:section>/tambah/", editor.section_edit, name="editor_section_add"),
    path("kelola-situs/<str:owner>/<slug:section>/<int:pk>/", editor.section_edit, name="editor_section_edit"),
    path("kelola-situs/<str:owner>/<slug:section>/<int:pk>/hapus/", editor.section_delete,
         name="editor_section_delete"),
    # The UMKM officer's businesses (cooperatives office)
    path("kelola-umkm/", umkm.business_list, name="umkm"),
    path("kelola-umkm/daftar/", umkm.business_add, name="umkm_add"),
    path("kelola-umkm/<int:pk>/", umkm.business_detail, name="umkm_business"),
    path("kelola-umkm/<int:pk>/tautan/", umkm.seller_link, name="umkm_link"),
    path("kelola-umkm/<int:pk>/produk/tambah/", umkm.product_edit, name="umkm_product_add"),
    path("kelola-umkm/<int:pk>/produk/<int:product_pk>/", umkm.product_edit, name="umkm_product_edit"),
    path("kelola-umkm/<int:pk>/produk/<int:product_pk>/hapus/", umkm.product_delete, name="umkm_product_delete"),
]
