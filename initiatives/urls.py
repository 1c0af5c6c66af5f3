from django.urls import path

from initiatives import views

urlpatterns = [
    path("", views.overview, name="overview"),
    path("map/", views.map_view, name="map"),
    path("initiatives/<slug:slug>/", views.initiative_detail, name="initiative-detail"),
    path("people/<slug:slug>/", views.person_detail, name="person-detail"),
    path("places/<slug:slug>/", views.place_detail, name="place-detail"),
]
