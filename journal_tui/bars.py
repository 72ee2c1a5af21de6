"""Text bars and sparklines shared by the CLI output, the app and the review."""

BLOCKS = "▁▂▃▄▅▆▇█"


def progress_bar(fraction: float | None, width: int = 10) -> str:
    if fraction is None:
        return "·" * width
    done = round(max(0.0, min(1.0, fraction)) * width)
    return "█" * done + "░" * (width - done)


def sparkline(values: list[int]) -> str:
    if not values:
        return ""
    top = max(values) or 1
    return "".join(" " if v == 0 else BLOCKS[min(len(BLOCKS) - 1, round(v / top * (len(BLOCKS) - 1)))] for v in values)
