"""Group articles about the same event into stories: text similarity plus shared actors and places.

Each article becomes two TF-IDF vectors (scikit-learn): its words, and the names of its actors
and places (IDF keeps "Russia" from tying every story of the day together). Average-link
agglomerative clustering on the blended cosine distance groups them; average link, unlike
single link, does not chain two stories through one article that mentions both.
"""

from __future__ import annotations

import numpy as np
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer

from ..names import normalise
from ..schema import Briefing

#: Articles at least this similar (0-1, blended cosine) on average are one story.
STORY_THRESHOLD = 0.22
TEXT_WEIGHT = 0.5


def _entities(briefing: Briefing) -> list[str]:
    names = [a.name for a in briefing.who] + [p.name for p in briefing.where]
    return [normalise(name) for name in names if normalise(name)]


def similarity(briefings: list[Briefing]) -> np.ndarray:
    """Pairwise similarity (0-1) of the articles: words and named entities, blended."""
    texts = [f"{b.article.title or ''}\n{b.article.text}" for b in briefings]
    words = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)
    entities = TfidfVectorizer(analyzer=_entities_of(briefings)).fit_transform(range(len(briefings)))
    return TEXT_WEIGHT * (words @ words.T).toarray() + (1 - TEXT_WEIGHT) * (entities @ entities.T).toarray()


def _entities_of(briefings: list[Briefing]):  # type: ignore[no-untyped-def]
    """An analyzer mapping an article's index to its entity names (TfidfVectorizer needs a callable)."""
    return lambda index: _entities(briefings[index]) or ["<none>"]


def group_stories(sim: np.ndarray, threshold: float = STORY_THRESHOLD) -> list[list[int]]:
    """Article indices grouped by story, from their `similarity` matrix; biggest story first."""
    if len(sim) < 2:
        return [[i] for i in range(len(sim))]
    distance = np.clip(1.0 - sim, 0.0, None)
    np.fill_diagonal(distance, 0.0)
    labels = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="average",
                                     distance_threshold=1.0 - threshold).fit_predict(distance)
    groups: dict[int, list[int]] = {}
    for index, label in enumerate(labels):
        groups.setdefault(int(label), []).append(index)
    return sorted(groups.values(), key=lambda g: (-len(g), g[0]))


def central(indices: list[int], sim: np.ndarray) -> int:
    """The article most like the rest of its story: its headline speaks for the story."""
    return max(indices, key=lambda i: (sum(sim[i, j] for j in indices), -i))
