import json

from shop.catalog.search import find
from shop.orders.api import place_order  # tach-ignore(kept for the demo) nothing_here
from shop.util import text


def order_view(name: str) -> str:
    return json.dumps({"total": place_order(find(name), 2), "slug": text.slug(name)})
