from shop.catalog.search import find  # deliberate: orders does not declare shop.catalog


def checkout(name: str) -> int:
    from .api import place_order

    return place_order(find(name), 1)
