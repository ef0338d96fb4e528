"""quizgen: news articles to a bank of verified facts, and the facts to study material."""

__version__ = "0.1.0"
