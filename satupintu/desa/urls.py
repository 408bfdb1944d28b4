from django.contrib.sitemaps import views as sitemap_views
from django.urls import path, re_path

from .feeds import VillageNewsAtomFeed, VillageNewsFeed
from .sitemaps import SITEMAPS
from .views import budget as staff_budget
from .views import public, registers, staff

app_name = "desa"

urlpatterns = [
    path("", public.portal, name="portal"),
    path("lapak/", public.catalogue, name="catalogue"),
    path("sitemap.xml", sitemap_views.index, {"sitemaps": SITEMAPS, "sitemap_url_name": "desa:sitemap_section"},
         name="sitemap"),
    path("sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap_section"),
    # Staff editor
    path("kelola/", staff.index, name="staff"),
    path("kelola/<str:code>/", staff.village_home, name="staff_village"),
    path("kelola/<str:code>/profil/", staff.profile_edit, name="staff_profile"),
    path("kelola/<str:code>/apbdes/", staff_budget.budget_list, name="staff_budgets"),
    path("kelola/<str:code>/apbdes/<int:year>/", staff_budget.budget_detail, name="staff_budget"),
    path("kelola/<str:code>/apbdes/<int:year>/impor/", staff_budget.budget_import, name="staff_budget_import"),
    path("kelola/<str:code>/apbdes/<int:year>/baris/", staff_budget.budget_line, name="staff_budget_line"),
    path("kelola/<str:code>/apbdes/<int:year>/hapus-baris/", staff_budget.budget_line_delete,
         name="staff_budget_line_delete"),
    path("kelola/<str:code>/apbdes/<int:year>/status/", staff_budget.budget_publish, name="staff_budget_publish"),
    path("kelola/<str:code>/buku-administrasi/", registers.registers_home, name="staff_registers"),
    re_path(r"^kelola/(?P<code>[^/]+)/buku-administrasi/(?P<book>[-a-z]+)\.(?P<fmt>pdf|xlsx)$",
            registers.register_download, name="staff_register_download"),
    path("kelola/<str:code>/<slug:section>/", staff.section_list, name="staff_section"),
    path("kelola/<str:code>/<slug:section>/tambah/", staff.section_edit, name="staff_section_add"),
    path("kelola/<str:code>/<slug:section>/<int:pk>/", staff.section_edit, name="staff_section_edit"),
    path("kelola/<str:code>/<slug:section>/<int:pk>/hapus/", staff.section_delete, name="staff_section_delete"),
    # Village site
    path("<slug:slug>/", public.home, name="home"),
    path("<slug:slug>/profil/", public.profile, name="profile"),
    path("<slug:slug>/artikel/<slug:article>/", public.article_detail, name="article"),
    path("<slug:slug>/berita/rss/", VillageNewsFeed(), name="feed_rss"),
    path("<slug:slug>/berita/atom/", VillageNewsAtomFeed(), name="feed_atom"),
    path("<slug:slug>/galeri/", public.gallery, name="gallery"),
    path("<slug:slug>/unduhan/", public.downloads, name="downloads"),
    path("<slug:slug>/lapak/", public.village_products, name="village_products"),
    path("<slug:slug>/lapak/<slug:product>/", public.product_detail, name="product"),
    path("<slug:slug>/apbdes/", public.budget, name="budget_latest"),
    path("<slug:slug>/apbdes/<int:year>/", public.budget, name="budget"),
    re_path(r"^(?P<slug>[-\w]+)/apbdes/(?P<year>\d{4})\.(?P<fmt>csv|xlsx|pdf)$", public.budget_download,
            name="budget_download"),
    path("<slug:slug>/statistik/", public.population, name="population"),
    path("<slug:slug>/<slug:kind>/", public.article_list, name="articles"),
]
