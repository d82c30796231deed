# A small module to try `quarry dump` on.
from dataclasses import dataclass


@dataclass
class Greeting[T]:
    name: str
    extra: T | None = None

    def render(self, *, shout: bool = False) -> str:
        text = f"Hello, {self.name!r:>10}"
        match self.extra:
            case None | "":
                pass
            case [first, *rest]:
                text += f" ({first} and {len(rest)} more)"
            case {"note": note}:
                text += t" [{note}]".strings[0]
        return text.upper() if shout else text


print(Greeting("world", extra=[1, 2, 3]).render(shout=True))
