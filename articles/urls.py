from django.urls import path

from articles import views

urlpatterns = [
    path("articles/<int:pk>/", views.article_detail, name="article-detail"),
    path("timeline/", views.timeline, name="timeline"),
    path("search/", views.search, name="search"),
]
