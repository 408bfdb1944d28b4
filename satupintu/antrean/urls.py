from django.urls import path

from . import views

app_name = "antrean"

urlpatterns = [
    # Public: the points, booking, the ticket's secret link, the kiosk, the board and today's waiting times.
    path("", views.index, name="index"),
    path("tiket/<str:secret>/", views.ticket, name="ticket"),
    path("tiket/<str:secret>/batal/", views.ticket_cancel, name="ticket_cancel"),
    path("tiket/<str:secret>/pindah/", views.ticket_move, name="ticket_move"),
    path("tiket/<str:secret>/cetak/", views.ticket_print, name="ticket_print"),
    # Staff
    path("loket/", views.desk, name="desk"),
    path("loket/<int:pk>/", views.counter, name="counter"),
    path("loket/<int:pk>/menunggu/", views.counter_queue, name="counter_queue"),
    path("loket/<int:pk>/<str:action>/", views.counter_act, name="counter_act"),
    path("statistik/", views.stats, name="stats"),
    # Per point (slug)
    path("<slug:slug>/pesan/", views.book, name="book"),
    path("<slug:slug>/anjungan/", views.kiosk, name="kiosk"),
    path("<slug:slug>/anjungan/hadir/", views.kiosk_check_in, name="kiosk_check_in"),
    path("<slug:slug>/anjungan/ambil/", views.kiosk_walk_in, name="kiosk_walk_in"),
    path("<slug:slug>/anjungan/tiket/", views.kiosk_ticket, name="kiosk_ticket"),
    path("<slug:slug>/layar/", views.board, name="board"),
    path("<slug:slug>/layar/data.json", views.board_data, name="board_data"),
    path("<slug:slug>/waktu-tunggu/", views.waiting, name="waiting"),
]
