"""The product's URLs plus Wagtail's stock search over the same pages, for comparison only."""

from django.urls import path

from bench.stock_search import stock_search_view
from kb.urls import urlpatterns as product_urls

urlpatterns = [path("bench/stock-search/", stock_search_view), *product_urls]
