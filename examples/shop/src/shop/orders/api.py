from shop.db.models import Product
from .pricing import price_of


def place_order(product: Product, qty: int) -> int:
    return price_of(product) * qty
