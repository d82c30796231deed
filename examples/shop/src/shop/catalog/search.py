from shop.db.models import Product
from shop.orders.pricing import _discount_table  # deliberate: not in the orders interface


def find(name: str) -> Product:
    return Product(name, int(100 * _discount_table["bulk"]))
