"""Text in, `Understanding` out: crisis check first, then intent, then sections."""

from bot.understanding.model import Understander, Understanding, build_understander, with_small_talk_worry

__all__ = ["Understander", "Understanding", "build_understander", "with_small_talk_worry"]
