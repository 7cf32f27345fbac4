"""How a model is reached: loaded in-process (transformers) or, later, a remote engine."""
