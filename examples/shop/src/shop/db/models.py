from dataclasses import dataclass

from shop.util.text import slug
from shop.orders.api import place_order  # deliberate: data layer reaching up into domain


@dataclass
class Product:
    name: str
    price: int

    @property
    def key(self) -> str:
        return slug(self.name)
