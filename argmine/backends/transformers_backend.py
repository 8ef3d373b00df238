"""Fine-tuned Hugging Face encoder for stance themes and sentiment.

One shared encoder (any ``AutoModel`` checkpoint: a local directory or a hub
id) feeds two small heads over the mean-pooled token states: a multi-label
theme head trained with binary cross-entropy (one sigmoid per schema theme)
and a 3-class sentiment head trained with cross-entropy.  The data goes
through ``datasets`` (``Dataset.from_dict`` + batched ``map`` with the
tokenizer); training is a plain torch loop (AdamW, linear warm-up and decay);
inference runs in batches on CUDA when available, else on the CPU.

Evidence is gradient x input on the word embeddings: for each predicted
theme, the gradient of that theme's logit with respect to each input token's
embedding, dotted with the embedding, is the token's contribution.  Adjacent
tokens that push strongly (at least half of the strongest token) are merged
into one span, and the top spans are reported with their summed weight, as
the exact characters of the input text.  For sentiment the scalar is
``logit(positive) - logit(negative)``, so a positive weight pushed towards
positive sentiment.  This is a first-order attribution: it says which
characters the model leaned on, not why.

A saved model directory holds ``config.json`` (``{"backend":
"transformers", ...}``), ``schema.toml``, ``encoder/`` (``save_pretrained``
weights in safetensors plus the tokenizer files) and ``heads.safetensors``.
Nothing is pickled.

>>> import tempfile, pathlib
>>> from argmine.schema import load_schema
>>> tmp = pathlib.Path(tempfile.mkdtemp())
>>> texts = ["隐私泄露太可怕", "支付宝做社交是对的", "今天天气不错"]
>>> base = build_tiny_encoder(texts, tmp / "tiny")   # tests/benchmarks only
>>> model = TransformersBackend(load_schema(), model_name_or_path=str(base), epochs=2, learning_rate=1e-2)
>>> model = model.fit(texts, [["privacy"], ["pro_social"], []], ["negative", "positive", "neutral"])
>>> [p.sentiment in ("positive", "neutral", "negative") for p in model.predict(texts)]
[True, True, True]
"""

from __future__ import annotations

import contextlib
import inspect
import json
import math
import os
import re
import sys
from importlib import resources
from pathlib import Path
from typing import Any, Iterator, Sequence

from .._files import default_modes, replacing_folder, shown_name, write_text
from ..errors import (E_MODEL_SCHEMA_THEMES_EDITED, E_NO_BASE_DIR, ModelError, SchemaError, failed_write,
                      missing_dependency)
from ..schema import Schema, load_schema
from .base import (MAX_CONFIG_BYTES, MODEL_CONFIG, Evidence, Prediction, backend_repr, bars_are_off, broken_model_file,
                   check_file_size, check_texts, fit_drops_origin, in_model_order, is_seed, loaded_model_config, loads_origin,
                   refused_model_file, register)

CONFIG_FILE = MODEL_CONFIG
SCHEMA_FILE = "schema.toml"
ENCODER_DIR = "encoder"
HEADS_FILE = "heads.safetensors"
FORMAT_VERSION = 1
#: A token joins an evidence span when it pushes at least this share of the strongest token.
SPAN_SHARE = 0.5
_SPECIAL = ("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]")
#: Files that hold a tokenizer's vocabulary (one of them must be in a trained model's encoder/).
TOKENIZER_FILES = ("tokenizer.json", "vocab.txt", "vocab.json", "tokenizer.model", "spiece.model", "sentencepiece.bpe.model")
#: The largest tokenizer vocabulary file argmine hands to transformers (real ones are under 40 MB).
MAX_TOKENIZER_BYTES = 256 * 2**20
#: A checkpoint's small JSON files, each read whole (capped at MAX_CONFIG_BYTES, as a model's config.json is).
CHECKPOINT_JSON = ("config.json", "tokenizer_config.json", "special_tokens_map.json", "added_tokens.json",
                   "generation_config.json", "model.safetensors.index.json")
#: A layer's index in a weight name (BERT-like ``encoder.layer.3.``, ``layers.3.``, GPT-2's ``h.3.``), to count the layers
#: a checkpoint's weights hold; ALBERT-like shared layers (``albert_layers.0``) are not counted.
_LAYER_INDEX = re.compile(r"(?:^|\.)(?:layer|layers|h|block|blocks)\.(\d+)\.")
#: Keys of a checkpoint's config.json that give its number of layers (the first one set counts).
_LAYER_KEYS = ("num_hidden_layers", "n_layer", "num_layers")
#: Weight files read from encoder/: safetensors only, never a pickle.
SAFE_WEIGHTS = ("model.safetensors", "model.safetensors.index.json")
PICKLED_WEIGHTS = ("pytorch_model.bin", "pytorch_model.bin.index.json")
#: Environment variables that keep the Hugging Face libraries off the network (read when loading).
OFFLINE_ENV = ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")
#: predict() shows its progress bar only once a call has run this many seconds.
PREDICT_BAR_DELAY = 2.0

#: Integer settings and their lowest allowed value (None: any integer).
_INT_PARAMS = {"epochs": 1, "batch_size": 1, "max_length": 1, "evidence_top": 0}
#: Number settings: (test, wording of the allowed range).
_NUMBER_PARAMS = {
    "learning_rate": (lambda v: v > 0, "a number > 0 (e.g. 3e-5)"),
    "weight_decay": (lambda v: v >= 0, "a number >= 0"),
    "warmup_ratio": (lambda v: 0 <= v <= 1, "a number from 0 to 1"),
    "threshold": (lambda v: 0 < v < 1, "a number strictly between 0 and 1"),
}

# -- messages (the backend's own; the shared ones live in argmine/errors.py) --
E_PARAM = "transformers backend: {name} must be {expected}, found {found!r}"
E_DEVICE = "transformers backend: unknown device {device!r}; use cpu, cuda, cuda:N (N = GPU index), mps or auto"
E_NO_DEVICE = (
    "transformers backend: device {device!r} is not available here (torch {torch} sees {sees}); "
    "pass --param device=cpu, or leave device unset to use a GPU only when there is one"
)
FIX_TRAINED = "restore the model directory from a backup or retrain with 'argmine train'"
E_TRAINED = "{where}: {what}; " + FIX_TRAINED
#: The one key of ``heads.safetensors``'s metadata: ``{"sentiments": [...]}`` (JSON), the order of the sentiment head's outputs.
HEADS_FORMAT = "argmine-transformers-heads"
E_NO_SAFETENSORS = (
    "no model.safetensors{found}; argmine reads a trained encoder from safetensors only "
    "and never unpickles weights"
)
E_NO_TOKENIZER = "no tokenizer files (expected one of {files})"
E_NO_ENCODER_CONFIG = "no config.json (the encoder's architecture, which argmine saved with the model)"
E_NO_TOKENIZER_CONFIG = (
    "no tokenizer_config.json (the tokenizer's settings, which argmine saved with the model: without them a tokenizer "
    "falls back to defaults, such as lower-casing, and reads the text otherwise than in training)"
)
E_EMPTY_TOKENIZER = (
    "{where}: the tokenizer has no vocabulary beyond its special tokens {special} "
    "(its vocabulary file is missing or empty), so every character would read as unknown"
)
E_TOKENIZER_SIZE = "{where}: the tokenizer has {n} tokens but the encoder embeds only {m}; they do not belong together"
E_UNK_TRAINING = (
    "{where}: its tokenizer reads {share:.0%} of the training texts' tokens as {unk} (characters it does not know), "
    "so the model would see little but their length; it is not a checkpoint for Chinese: pass one such as "
    "bert-base-chinese or hfl/chinese-roberta-wwm-ext (see docs/transformers.md)"
)
W_UNK_TRAINING = (
    "{where}: its tokenizer reads {share:.0%} of the training texts' tokens as {unk}; the model cannot tell those "
    "characters apart (a checkpoint made for Chinese reads nearly all of them)"
)
E_UNK_TRAINED = (
    "{where}: its tokenizer reads every one of {n} common Chinese characters as {unk}: the model was fine-tuned "
    "from a checkpoint that is not for Chinese, and its scores do not depend on the text; retrain it from a Chinese "
    "checkpoint such as bert-base-chinese (argmine train --backend transformers --base-model DIR)"
)
E_NOT_CHECKPOINT = (
    "{path}: not a Hugging Face checkpoint folder: it has {missing}; --base-model takes a checkpoint directory as "
    "'hf download NAME --local-dir DIR' writes it (config.json, model.safetensors, tokenizer files) "
    "or a hub id{hint}"
)
E_BASE_IS_FILE = (
    "{path} is a file; --base-model (model_name_or_path=) takes the checkpoint directory that holds it: "
    "pass {parent}"
)
E_CUSTOM_CODE = (
    "{file} asks for custom code ({what}); argmine never runs code from a model folder "
    "(trust_remote_code is always False) and loads only model types built into transformers {version}"
)
#: Why (argmine ...) an encoder-decoder (T5, BART, mBART, ...) is refused: true of them all (T5's forward needs decoder inputs too).
R_ENCODER_DECODER = "fine-tunes an encoder alone and reads its token states, and such a model's states are its decoder's"
E_ENCODER_DECODER = "{file} describes an encoder-decoder model ({what}); argmine " + R_ENCODER_DECODER
E_TRAINED_ENCODER_DECODER = (
    "{model}: fine-tuned from an encoder-decoder checkpoint ({file}: {what}), which argmine no longer runs: it "
    + R_ENCODER_DECODER + "; retrain it with 'argmine train' from an encoder (BERT-like) checkpoint, such as bert-base-chinese"
)
E_LAYER_COUNT = (
    "{file} says {key} {n}, but the weights in {weights} hold {held} layers, so {what}"
)
E_WEIGHTS_MISMATCH = (
    "the encoder's weights do not match its {file}: {what}, so the model would not predict as it was trained"
)
E_ENCODER_NOT_FINITE = "tensor {name!r} has NaN or infinite values"
#: What to do about a base checkpoint folder with a damaged file (a local folder: the hub has nothing to do with it).
FIX_LOCAL_BASE = (
    "the checkpoint folder is damaged: copy it again, or write it again with save_pretrained "
    "or 'hf download NAME --local-dir DIR'"
)
#: ... and about a hub id's weights with NaN or infinite values (as the local cache holds them).
FIX_HUB_BASE = (
    "its files in the Hugging Face cache are damaged: delete them from the cache and download it again, "
    "or pass another checkpoint"
)
#: A ``tokenizer.json`` that is valid JSON but that the installed tokenizers library cannot read ("data did not match any
#: variant of untagged enum ..."): as a rule one written by a newer tokenizers (a normalizer or model type it lacks).
R_TOKENIZER_JSON_NEWER = "it may have been written by a newer version"
E_TOKENIZER_JSON_UNREAD = "tokenizers {version} cannot read it ({error}); " + R_TOKENIZER_JSON_NEWER
#: What to do about it, before what to do about a damaged folder (``fix``: :data:`FIX_TRAINED`, or copying it again).
FIX_TOKENIZERS = "upgrade tokenizers (pip install -U tokenizers), or, if the file is damaged, {fix}"
#: A local base checkpoint that fails to load, no one file of it found damaged.
FIX_LOCAL_LOAD = (
    "pass a checkpoint folder as save_pretrained or 'hf download NAME --local-dir DIR' writes it (config.json, "
    "model.safetensors and tokenizer files); see docs/transformers.md"
)
#: Training whose loss, or weights, became NaN or infinite: nothing of it is kept (CLI train leaves -o as it was).
E_DIVERGED = (
    "transformers backend: training diverged: {what}; lower learning_rate (it is {lr:g}), or check the base "
    "checkpoint {base} (NaN or infinite weights); no model was trained"
)
E_DIVERGED_LOSS = "the loss is {loss} in epoch {epoch} of {epochs}, batch {batch} of {batches}"
E_DIVERGED_STEP = "the update of the weights overflows in epoch {epoch} of {epochs}, batch {batch} of {batches}"
E_DIVERGED_WEIGHTS = "after epoch {epochs} of {epochs} the weight {name!r} has NaN or infinite values"
E_DIVERGED_SCORES = "after epoch {epochs} of {epochs} the scores of the last training batch are NaN or infinite"
#: A weight whose shape in the file is not the one the config.json builds (transformers' mismatched_keys).
E_SHAPES = "{key!r} is {found} in {weights}, but {file} makes it {expected}{more}"
E_SHAPE = "{key!r} in {weights} is not of the shape {file} makes it{expected}{more}"
#: What to do about a base checkpoint whose weights do not fit its config.json.
FIX_BASE_CONFIG = "pass a checkpoint whose config.json matches its weights and their names, as save_pretrained writes the two"
E_BASE_SHAPES = "{name}: its weights do not fit its {file}: {shapes}; " + FIX_BASE_CONFIG
E_BASE_RANDOM = (
    "{name}: none of the {total} weights in {weights} fit the {model} that its {file} describes (model_type {model_type!r}), "
    "so the encoder would start random, not pretrained: it needs {size} weights (the pooler aside, which argmine does not "
    "use), such as {key!r}{held}; " + FIX_BASE_CONFIG
)
E_BASE_PARTLY_RANDOM = (
    "{name}: {missing} of the {size} weights of the {model} that its {file} describes (model_type {model_type!r}) are not "
    "in {weights} (the pooler aside, which argmine does not use), such as {key!r}{held}, so they would start random, "
    "not pretrained; pass a checkpoint that holds every weight of its encoder, as save_pretrained writes it"
)
#: Weights a base checkpoint may lack: the pooler (pre-training checkpoints such as BertForMaskedLM have none), which
#: argmine never runs (its heads read the mean of the token states), so the random one transformers makes is harmless.
_UNUSED_WEIGHTS = re.compile(r"(?:^|\.)pooler(?:\.|$)")
E_UNSAFE_WEIGHTS = (
    "{file} names {name!r} as a weights file; argmine reads encoder weights only from safetensors files "
    "inside the checkpoint folder (plain names ending in .safetensors) and never unpickles weights"
)
#: A weights file name argmine lets transformers read: a plain ``*.safetensors`` name, no folder part.
_SAFE_SHARD = re.compile(r"[^/\\:\x00-\x1f]+\.safetensors")
#: Share of [UNK] tokens in the training texts above which fit refuses the base checkpoint, and above which it warns.
UNK_REFUSE, UNK_WARN = 0.5, 0.05
#: Common Simplified characters: a trained model whose tokenizer knows none of them is refused when loaded.
COMMON_CHARS = "的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过发后作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心本前开但因只从想实"


def _require():
    """Import torch and transformers (and datasets, which training and the quiet loads use), or raise the install hint."""
    try:
        import datasets  # noqa: F401 - the extra's third part: _quiet and fit import it
        import torch
        import transformers
    except ImportError as e:
        raise missing_dependency("transformers", "transformers", e) from None
    return torch, transformers


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """Silence transformers' load warnings, the hub's retry warnings and datasets' progress bars (library code never prints)."""
    import datasets
    from huggingface_hub.utils import logging as hub_logging
    from transformers.utils import logging as hf_logging

    verbosity, hub_verbosity = hf_logging.get_verbosity(), hub_logging.get_verbosity()
    hf_bars, ds_bars = hf_logging.is_progress_bar_enabled(), datasets.is_progress_bar_enabled()
    hf_logging.set_verbosity_error()
    hub_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    datasets.disable_progress_bars()
    try:
        yield
    finally:
        hf_logging.set_verbosity(verbosity)
        hub_logging.set_verbosity(hub_verbosity)
        if hf_bars:
            hf_logging.enable_progress_bar()
        if ds_bars:
            datasets.enable_progress_bars()


def _heads_module(hidden: int, n_themes: int, n_sentiments: int, dropout: float):
    """The two heads on top of the pooled encoder state (built lazily: torch is optional)."""
    torch, _ = _require()
    nn = torch.nn

    class Heads(nn.Module):
        def __init__(self):
            super().__init__()
            self.dropout = nn.Dropout(dropout)
            self.themes = nn.Linear(hidden, n_themes)
            self.sentiment = nn.Linear(hidden, n_sentiments)

        def forward(self, pooled):
            pooled = self.dropout(pooled)
            return self.themes(pooled), self.sentiment(pooled)

    return Heads()


def _mean_pool(hidden, mask):
    """Average the token states that the attention mask keeps (works for any encoder)."""
    m = mask.unsqueeze(-1).to(hidden.dtype)
    return (hidden * m).sum(1) / m.sum(1).clamp(min=1.0)


def _schema_toml(schema: Schema) -> str:
    """The TOML text of ``schema``, so that a model directory carries its own schema."""
    if schema.source == "argmine/schemas/alipay.toml":
        return resources.files("argmine.schemas").joinpath("alipay.toml").read_text("utf-8")
    path = Path(schema.source)
    if not path.is_file():
        raise ModelError(
            f"cannot save the schema {schema.id!r}: its source {schema.source!r} is not a file; "
            "load the schema with argmine.schema.load_schema(PATH) before training"
        )
    return path.read_text("utf-8")


def build_tiny_encoder(
    texts: Sequence[str],
    path: str | Path,
    seed: int = 0,
    *,
    hidden_size: int = 32,
    num_layers: int = 2,
    num_heads: int = 2,
    max_positions: int = 512,
) -> Path:
    """Write a tiny, randomly initialised char-level BERT to ``path``; FOR TESTS AND BENCHMARKS ONLY.

    No Chinese checkpoint can be downloaded where argmine is tested, so the
    tests and the evaluation benchmark exercise the real fine-tuning code
    path on this stand-in: a ``BertConfig`` encoder (``hidden_size`` 32, 2
    layers, 2 heads by default) with a vocabulary of every character in
    ``texts`` (plus ``##`` continuations for non-CJK characters and the BERT
    special tokens).  It knows no Chinese: use a real checkpoint such as
    bert-base-chinese for real work (see docs/transformers.md).  A tiny
    model needs a high learning rate (e.g. ``learning_rate=1e-2,
    warmup_ratio=0.0``), not the 2e-5..5e-5 meant for pretrained checkpoints.

    Returns ``path``, loadable with ``AutoModel``/``AutoTokenizer`` and thus
    usable as ``TransformersBackend(model_name_or_path=path)``.

    >>> import tempfile
    >>> p = build_tiny_encoder(["支付宝", "社交"], tempfile.mkdtemp())
    >>> (p / "vocab.txt").is_file()
    True
    """
    torch, transformers = _require()
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    chars = sorted({c for t in texts for c in t if not c.isspace()})
    vocab = list(_SPECIAL) + chars + ["##" + c for c in chars]
    (path / "vocab.txt").write_text("\n".join(vocab) + "\n", "utf-8")
    # transformers 5 names the argument ``vocab``; 4.x names it ``vocab_file``.
    cls = transformers.BertTokenizerFast
    key = "vocab" if "vocab" in inspect.signature(cls.__init__).parameters else "vocab_file"
    tokenizer = cls(**{key: str(path / "vocab.txt")}, do_lower_case=False, strip_accents=False, tokenize_chinese_chars=True)
    if len(tokenizer) != len(vocab):
        raise ModelError(f"{path / 'vocab.txt'}: the tokenizer read {len(tokenizer)} of {len(vocab)} entries")
    config = transformers.BertConfig(
        vocab_size=len(vocab),
        hidden_size=hidden_size,
        num_hidden_layers=num_layers,
        num_attention_heads=num_heads,
        intermediate_size=hidden_size * 2,
        max_position_embeddings=max_positions,
    )
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        model = transformers.BertModel(config)
    with _quiet():
        model.save_pretrained(path)
        tokenizer.save_pretrained(path)
    return path


@register("transformers")
class TransformersBackend:
    """Fine-tune a Hugging Face encoder for multi-label themes plus 3-class sentiment.

    ``model_name_or_path`` is the base checkpoint: a local directory (e.g. a
    copy of bert-base-chinese) or a hub id (downloaded only if the hub is
    reachable and ``HF_HUB_OFFLINE`` is not set).  ``__init__`` only stores
    its arguments; ``fit`` loads the checkpoint and trains; learned state
    ends in ``_`` (``loss_history_`` is the mean training loss per epoch).
    ``groups`` is accepted for the common contract but unused: there is no
    internal cross-validation.  ``progress`` (not stored, like ``device``)
    shows a progress bar on stderr while training and while a ``predict``
    call runs more than a few seconds: ``None`` (the default) only when
    stderr is a terminal, as the CLI's bars, and not inside
    :func:`~argmine.backends.base.bars_off` (``-q``); ``False`` never; ``True`` always.

    >>> from argmine.schema import load_schema
    >>> TransformersBackend(load_schema(), model_name_or_path="bert-base-chinese").epochs
    3
    """

    name = "transformers"
    __repr__ = backend_repr  # class, schema and themes, trained or not

    def __init__(
        self,
        schema: Schema | None = None,
        model_name_or_path: str | None = None,
        *,
        epochs: int = 3,
        batch_size: int = 16,
        learning_rate: float = 3e-5,
        weight_decay: float = 0.01,
        warmup_ratio: float = 0.1,
        max_length: int = 128,
        seed: int = 0,
        threshold: float = 0.5,
        evidence_top: int = 3,
        device: str | None = None,
        progress: bool | None = None,
    ):
        self.schema = schema
        self.model_name_or_path = model_name_or_path
        self.epochs = epochs
        self.batch_size = batch_size
        self.learning_rate = learning_rate
        self.weight_decay = weight_decay
        self.warmup_ratio = warmup_ratio
        self.max_length = max_length
        self.seed = seed
        self.threshold = threshold
        self.evidence_top = evidence_top
        self.device = device
        self.progress = progress

    # -- parameters ----------------------------------------------------------

    _PARAMS = (
        "model_name_or_path", "epochs", "batch_size", "learning_rate", "weight_decay",
        "warmup_ratio", "max_length", "seed", "threshold", "evidence_top",
    )

    def get_params(self) -> dict[str, Any]:
        """The constructor arguments except ``schema``, ``device`` and ``progress`` (what ``config.json`` stores).

        A ``Path`` base model is given as its string, so that the parameters are JSON.
        """
        params = {k: getattr(self, k) for k in self._PARAMS}
        if isinstance(params["model_name_or_path"], Path):
            params["model_name_or_path"] = str(params["model_name_or_path"])
        return params

    def _check_params(self) -> None:
        """Validate every setting and the device before any model is loaded."""
        self._check_settings()
        self._device()

    def _check_settings(self) -> None:
        if not self.model_name_or_path:
            raise ModelError(
                "the transformers backend needs a base model: pass --base-model PATH_OR_HUB_ID "
                "(model_name_or_path=...), e.g. a local copy of bert-base-chinese"
            )
        if not isinstance(self.model_name_or_path, (str, Path)):
            raise ModelError(E_PARAM.format(name="model_name_or_path", expected="a directory or hub id", found=self.model_name_or_path))
        for name, low in _INT_PARAMS.items():
            v = getattr(self, name)
            if not isinstance(v, int) or isinstance(v, bool) or (low is not None and v < low):
                expected = "an integer" if low is None else f"an integer >= {low}"
                raise ModelError(E_PARAM.format(name=name, expected=expected, found=v))
        if not is_seed(self.seed):  # as the other backends and --seed take it
            raise ModelError(E_PARAM.format(name="seed", expected="an integer from 0 to 2**32-1", found=self.seed))
        self.seed = int(self.seed)  # a numpy integer passes is_seed; torch's manual_seed and config.json take only int
        for name, (ok, expected) in _NUMBER_PARAMS.items():
            v = getattr(self, name)
            if not isinstance(v, (int, float)) or isinstance(v, bool) or not math.isfinite(v) or not ok(v):
                raise ModelError(E_PARAM.format(name=name, expected=expected, found=v))
        if self.progress not in (None, True, False):
            raise ModelError(E_PARAM.format(name="progress", expected="true, false or null (on a terminal only)", found=self.progress))

    def _bar(self, total: int, desc: str, unit: str, delay: float = 0.0):
        """A progress bar on stderr (see ``progress``); shown like the CLI's, never in a pipe or a log file."""
        from tqdm import tqdm

        # None: as the CLI's bars, on a terminal, unless the caller turned them off for the run (argmine analyze -q)
        show = self.progress if self.progress is not None else not bars_are_off() and _stderr_is_terminal()
        return tqdm(total=total, desc=desc, unit=unit, file=sys.stderr, disable=not show, leave=False, dynamic_ncols=True, delay=delay)

    def _device(self):
        """``device`` as a torch device, checked to exist here; by default CUDA when available, else the CPU."""
        torch, _ = _require()
        name = "auto" if self.device is None else self.device
        if not isinstance(name, str) or not re.fullmatch(r"auto|cpu|mps|cuda(:\d+)?", name):
            raise ModelError(E_DEVICE.format(device=name))
        if name == "auto":
            return torch.device("cuda" if torch.cuda.is_available() else "cpu")
        if name.startswith("cuda"):
            count = torch.cuda.device_count() if torch.cuda.is_available() else 0
            if int(name.partition(":")[2] or 0) >= count:
                raise ModelError(E_NO_DEVICE.format(device=name, sees=f"{count} CUDA device(s)", torch=torch.__version__))
        if name == "mps" and not torch.backends.mps.is_available():
            raise ModelError(E_NO_DEVICE.format(device=name, sees="no MPS (Apple GPU) device", torch=torch.__version__))
        return torch.device(name)

    # -- training ------------------------------------------------------------

    @fit_drops_origin
    def fit(
        self,
        texts: Sequence[str],
        themes: Sequence[Sequence[str]],
        sentiments: Sequence[str],
        groups: Sequence[Any] | None = None,
    ) -> "TransformersBackend":
        """Fine-tune the encoder and both heads on labelled texts; return ``self``.

        ``themes[i]`` lists theme ids (``"other"`` or nothing for none);
        ``sentiments[i]`` is one of the schema's sentiment labels.  Unknown
        labels raise :class:`~argmine.errors.SchemaError`.  A training that
        diverges (a batch's loss, an optimizer step, or the weights or scores
        it ends with, NaN or infinite) raises :class:`~argmine.errors.ModelError`
        naming where, and keeps none of it (no learned state is set); so does
        a base checkpoint whose weights hold a NaN or infinite value.
        """
        torch, transformers = _require()
        import datasets

        self._check_params()
        schema = self.schema or load_schema()
        if not (len(texts) == len(themes) == len(sentiments)):
            raise ModelError(
                f"fit needs one theme list and one sentiment per text; "
                f"got {len(texts)} texts, {len(themes)} theme lists, {len(sentiments)} sentiments"
            )
        if not texts:
            raise ModelError("fit needs at least one labelled text; the training data is empty")
        theme_ids, sentiment_ids = schema.theme_ids, schema.sentiments
        multi_hot = []
        for i, ts in enumerate(themes):
            try:
                valid = set(schema.validate_themes(ts))
            except SchemaError as e:
                raise SchemaError(f"training record {i}: {e}") from None
            multi_hot.append([1.0 if t in valid else 0.0 for t in theme_ids])
        try:
            sent = [sentiment_ids.index(schema.validate_sentiment(s)) for s in sentiments]
        except SchemaError as e:
            raise SchemaError(f"training data: {e}") from None

        device = self._device()
        base = _base_model(self.model_name_or_path)
        with _quiet(), torch.random.fork_rng(devices=[device] if device.type == "cuda" else []):
            torch.manual_seed(self.seed)
            _refuse_unsafe_checkpoint(transformers, base)
            tokenizer = _load_tokenizer(transformers, base)
            encoder = _load_encoder(transformers, torch, base)
            _check_tokenizer(tokenizer, encoder, self.model_name_or_path)
            _check_unknown_share(tokenizer, texts, self.model_name_or_path)
            hidden = encoder.config.hidden_size
            dropout = float(getattr(encoder.config, "hidden_dropout_prob", 0.1) or 0.0)
            heads = _heads_module(hidden, len(theme_ids), len(sentiment_ids), dropout)
            encoder.to(device)
            heads.to(device)

            data = datasets.Dataset.from_dict(
                {"text": [str(t) for t in texts], "theme_labels": multi_hot, "sentiment_label": sent}
            )
            max_length = _effective_max_length(self.max_length, tokenizer, encoder)
            data = data.map(
                lambda b: _tokenize(tokenizer, b["text"], max_length),
                batched=True,
                remove_columns=["text"],
            )
            collate = transformers.DataCollatorWithPadding(tokenizer)
            generator = torch.Generator().manual_seed(self.seed)
            loader = torch.utils.data.DataLoader(
                data, batch_size=self.batch_size, shuffle=True, generator=generator, collate_fn=collate
            )
            params = [p for p in list(encoder.parameters()) + list(heads.parameters()) if p.requires_grad]
            decay = [p for p in params if p.dim() >= 2]
            no_decay = [p for p in params if p.dim() < 2]
            optimizer = torch.optim.AdamW(
                [{"params": decay, "weight_decay": self.weight_decay}, {"params": no_decay, "weight_decay": 0.0}],
                lr=self.learning_rate,
            )
            steps = self.epochs * len(loader)
            scheduler = transformers.get_linear_schedule_with_warmup(
                optimizer, int(self.warmup_ratio * steps), steps
            )
            bce = torch.nn.BCEWithLogitsLoss()
            ce = torch.nn.CrossEntropyLoss()
            history = []
            encoder.train()
            heads.train()
            with self._bar(steps, "training", "batch") as bar:
                for epoch in range(self.epochs):
                    total, n = 0.0, 0
                    bar.set_description(f"epoch {epoch + 1}/{self.epochs}")
                    for step, batch in enumerate(loader, 1):
                        batch = {k: v.to(device) for k, v in batch.items()}
                        y_themes = batch.pop("theme_labels")
                        y_sent = batch.pop("sentiment_label")
                        out = encoder(**batch)
                        logits_t, logits_s = heads(_mean_pool(out.last_hidden_state, batch["attention_mask"]))
                        loss = bce(logits_t, y_themes.float()) + ce(logits_s, y_sent.long())
                        value = float(loss.detach())
                        if not math.isfinite(value):  # a NaN never goes away: stop before it reaches the weights
                            what = E_DIVERGED_LOSS.format(loss=value, epoch=epoch + 1, epochs=self.epochs, batch=step,
                                                          batches=len(loader))
                            raise ModelError(E_DIVERGED.format(what=what, lr=self.learning_rate, base=self.model_name_or_path))
                        optimizer.zero_grad()
                        loss.backward()
                        torch.nn.utils.clip_grad_norm_(params, 1.0)
                        try:
                            optimizer.step()
                        except RuntimeError as e:  # a step over float32's range (learning_rate 1e38) fails in torch
                            if "overflow" not in str(e):
                                raise
                            what = E_DIVERGED_STEP.format(epoch=epoch + 1, epochs=self.epochs, batch=step, batches=len(loader))
                            diverged = E_DIVERGED.format(what=what, lr=self.learning_rate, base=self.model_name_or_path)
                            raise ModelError(diverged) from None
                        scheduler.step()
                        total += value * len(y_sent)
                        n += len(y_sent)
                        bar.set_postfix(loss=f"{total / n:.4f}", refresh=False)
                        bar.update()
                    history.append(total / n)
                    if not bar.disable:  # a line per epoch stays on the terminal after the bar
                        bar.write(f"epoch {epoch + 1}/{self.epochs}: mean training loss {total / n:.4f}", file=sys.stderr)
            # Frozen from here on: evidence then differentiates with respect to the inputs only.
            encoder.eval().requires_grad_(False)
            heads.eval().requires_grad_(False)
            self._check_converged(torch, encoder, heads, batch)

        self.schema_ = schema
        self.themes_ = tuple(theme_ids)
        self.sentiments_ = tuple(sentiment_ids)
        self.tokenizer_ = tokenizer
        self.encoder_ = encoder
        self.heads_ = heads
        self.max_length_ = max_length
        self.loss_history_ = history
        self.n_train_ = len(texts)
        return self

    def _check_converged(self, torch, encoder, heads, batch) -> None:
        """Refuse what the last step left, its loss having been finite: NaN or infinite weights (which load would
        refuse), or finite ones so large that the scores of ``batch`` (the last training batch) are not finite."""
        bad = _non_finite(torch, [*encoder.named_parameters(), *(("heads." + k, v) for k, v in heads.named_parameters())])
        what = None if bad is None else E_DIVERGED_WEIGHTS.format(epochs=self.epochs, name=bad)
        if what is None:
            with torch.inference_mode():
                scores = heads(_mean_pool(encoder(**batch).last_hidden_state, batch["attention_mask"]))
            if not all(bool(torch.isfinite(t).all()) for t in scores):
                what = E_DIVERGED_SCORES.format(epochs=self.epochs)
        if what is not None:
            raise ModelError(E_DIVERGED.format(what=what, lr=self.learning_rate, base=self.model_name_or_path))

    # -- inference -----------------------------------------------------------

    def _check_fitted(self) -> None:
        if not hasattr(self, "encoder_"):
            raise ModelError(
                "this transformers model is not trained yet; call fit() first, or load a model "
                "directory written by 'argmine train --backend transformers'"
            )

    def predict(
        self, texts: Sequence[str], evidence: bool = True, *, originals: Sequence[str] | None = None
    ) -> list[Prediction]:
        """Theme probabilities, sentiment and evidence for each text, in batches of ``batch_size``.

        ``evidence=False`` skips the gradient x input pass (one backward pass
        per predicted label and batch, several times the cost of the scores).
        ``originals`` (optional, one per text) are the texts as read when
        ``texts`` are their normalised views (``Unit.text`` for ``Unit.norm``):
        evidence spans are then cut from the original at the same positions,
        so Traditional ``失敗`` is reported as ``失敗``, not ``失败``.  An
        original of another length than its view keeps the view's characters.
        """
        self._check_fitted()
        torch, _ = _require()
        device = next(self.encoder_.parameters()).device
        texts = check_texts(texts)
        if originals is not None and len(originals) != len(texts):
            raise ModelError(f"predict got {len(originals)} originals for {len(texts)} texts; pass one per text")
        shown = texts if originals is None else [o if len(o) == len(t) else t for t, o in zip(texts, map(str, originals))]
        # Batch texts of similar length together (less padding); results go back in input order.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out: list[Prediction | None] = [None] * len(texts)
        with self._bar(len(texts), "predicting", "text", delay=PREDICT_BAR_DELAY) as bar:
            for start in range(0, len(order), self.batch_size):
                rows = order[start : start + self.batch_size]
                batch = [texts[i] for i in rows]
                enc = _tokenize(self.tokenizer_, batch, self.max_length_, offsets=True, tensors=True)
                offsets = enc.pop("offset_mapping", None)
                special = enc.pop("special_tokens_mask")
                enc = {k: v.to(device) for k, v in enc.items()}
                if evidence and self.evidence_top > 0:
                    preds = self._predict_with_evidence(torch, [shown[i] for i in rows], enc, offsets, special)
                else:
                    with torch.inference_mode():
                        logits_t, logits_s = self._forward(enc)
                    preds = self._predictions(torch, logits_t, logits_s, [()] * len(batch))
                for i, p in zip(rows, preds):
                    out[i] = p
                bar.update(len(rows))
        return out  # type: ignore[return-value]

    def _forward(self, enc, inputs_embeds=None):
        if inputs_embeds is None:
            hidden = self.encoder_(**enc).last_hidden_state
        else:
            rest = {k: v for k, v in enc.items() if k != "input_ids"}
            hidden = self.encoder_(inputs_embeds=inputs_embeds, **rest).last_hidden_state
        return self.heads_(_mean_pool(hidden, enc["attention_mask"]))

    def _predictions(self, torch, logits_t, logits_s, evidence) -> list[Prediction]:
        probs_t = torch.sigmoid(logits_t).detach().cpu().double().tolist()
        probs_s = torch.softmax(logits_s, -1).detach().cpu().double().tolist()
        pos, neg = self.sentiments_.index("positive"), self.sentiments_.index("negative")
        limits = dict.fromkeys(self.themes_, float(self.threshold))
        preds = []
        for pt, ps, ev in zip(probs_t, probs_s, evidence):
            scores = dict(zip(self.themes_, pt))
            best = max(range(len(ps)), key=ps.__getitem__)
            preds.append(
                Prediction(
                    themes=tuple(t for t in self.themes_ if scores[t] >= self.threshold),
                    scores=scores,
                    sentiment=self.sentiments_[best],
                    sentiment_score=max(-1.0, min(1.0, ps[pos] - ps[neg])),
                    evidence=tuple(ev),
                    thresholds=limits,
                )
            )
        return preds

    def _predict_with_evidence(self, torch, texts, enc, offsets, special) -> list[Prediction]:
        embeds = self.encoder_.get_input_embeddings()(enc["input_ids"]).detach().requires_grad_(True)
        logits_t, logits_s = self._forward(enc, inputs_embeds=embeds)
        predicted_t = torch.sigmoid(logits_t) >= self.threshold
        sent_label = logits_s.argmax(-1)
        pos, neg = self.sentiments_.index("positive"), self.sentiments_.index("negative")
        keep = (enc["attention_mask"].bool() & ~special.to(embeds.device).bool()).cpu()
        # (label, per-text sign to rank by, which texts need it, scalar per text)
        targets = [
            (tid, 1.0, predicted_t[:, j], logits_t[:, j]) for j, tid in enumerate(self.themes_)
        ]
        sent_sign = torch.where(sent_label == pos, 1.0, -1.0)
        targets.append(("sentiment", sent_sign, (sent_label == pos) | (sent_label == neg), logits_s[:, pos] - logits_s[:, neg]))
        evidence: list[list[Evidence]] = [[] for _ in texts]
        for label, sign, needed, scalar in targets:
            if not bool(needed.any()):
                continue
            # Texts are independent in eval mode, so the gradient of the sum gives each text's own gradient.
            (grad,) = torch.autograd.grad(scalar.sum(), embeds, retain_graph=True)
            contrib = (grad * embeds).sum(-1).detach().cpu().double()
            signs = sign.detach().cpu().tolist() if hasattr(sign, "detach") else [sign] * len(texts)
            for i in needed.nonzero().flatten().tolist():
                evidence[i].extend(
                    _spans(label, texts[i], contrib[i], keep[i], offsets, i, signs[i], self.evidence_top, self.tokenizer_, enc)
                )
        return self._predictions(torch, logits_t, logits_s, evidence)

    # -- persistence ---------------------------------------------------------

    def save(self, path: str | Path) -> None:
        """Write the model directory: config.json, schema.toml, encoder/ and heads.safetensors.

        The files are written into a new folder beside ``path`` and moved
        into it only once all are written (:func:`~argmine._files.replacing_folder`):
        a full disk or Ctrl-C leaves ``path`` as it was.  A failed write
        raises ``OSError`` (safetensors' own error is turned into the one it names).
        ``config.json``, written last, carries the save's ``generation`` (a hash of
        the config and of the other files: :func:`_generation`), which the
        loaded model's :func:`~argmine.backends.base.model_origin` names.
        """
        self._check_fitted()
        from safetensors import SafetensorError

        try:
            # links in the model's places are replaced, never written through (a folder from someone else's archive)
            with replacing_folder(path) as new:
                self._write(new)
        except SafetensorError as e:
            cause = failed_write(e)
            if cause is None:
                raise
            raise cause from None

    def _write(self, path: Path) -> None:
        """Write the model's files into the new, empty folder ``path``."""
        torch, _ = _require()
        from safetensors.torch import save_file

        write_text(path / SCHEMA_FILE, _schema_toml(self.schema_), follow_links=False)
        with _quiet(), default_modes(path / ENCODER_DIR, path / HEADS_FILE):
            self.encoder_.save_pretrained(path / ENCODER_DIR)
            self.tokenizer_.save_pretrained(path / ENCODER_DIR)
            state = {k: v.detach().cpu().contiguous() for k, v in self.heads_.state_dict().items()}
            # the order of the sentiment head's outputs, with them: config.json's list is only a copy (load compares);
            # one key, which names the format: safetensors writes several in no fixed order (the same save, other bytes)
            save_file(state, str(path / HEADS_FILE), metadata={HEADS_FORMAT: json.dumps({"sentiments": list(self.sentiments_)})})
        config = {
            "backend": self.name,
            "format_version": FORMAT_VERSION,
            "params": self.get_params(),
            "themes": list(self.themes_),
            "sentiments": list(self.sentiments_),
            "hidden_size": int(self.encoder_.config.hidden_size),
            "pooling": "mean",
            "loss_history": self.loss_history_,
            "n_train": self.n_train_,
            "torch": torch.__version__,
        }
        config["generation"] = _generation(config, path)  # names this save in analyze's provenance and evaluate's model_info
        write_text(path / CONFIG_FILE, json.dumps(config, ensure_ascii=False, indent=2) + "\n", follow_links=False)

    @classmethod
    @loads_origin
    def load(cls, path: str | Path, schema: Schema | None = None, device: str | None = None, *,
             config: dict | None = None) -> "TransformersBackend":
        """Read a directory written by :meth:`save`; it predicts exactly as the saved model did.

        ``schema`` overrides the stored ``schema.toml`` but must have the same
        theme ids and sentiment labels as the trained heads.  ``config`` is its
        ``config.json`` as the caller has read it (:func:`argmine.load_model`), not read again.
        """
        torch, transformers = _require()
        from safetensors import SafetensorError, safe_open
        from safetensors.torch import load_file

        path = Path(path)
        config = loaded_model_config(path, cls.name, config)
        for f in (SCHEMA_FILE, HEADS_FILE, ENCODER_DIR):
            if not (path / f).exists():
                raise broken_model_file(path, f) or ModelError(
                    f"{path}: missing {f}; the model directory is incomplete, retrain with 'argmine train'")
        themes, sentiments, hidden_size = _check_config(config, path / CONFIG_FILE)
        if schema is None:
            # its warnings were given at training; themes reordered by hand in it are read in the model's order
            schema = in_model_order(load_schema(path / SCHEMA_FILE, warn=False), themes)
            # schema.toml edited since training (a theme added, an id renamed), where config.json's themes are as many
            # as the heads were trained for (else config.json was edited, or the files are of two models: damaged)
            if schema.theme_ids != themes and _heads_theme_count(path / HEADS_FILE) == len(themes):
                raise ModelError(E_MODEL_SCHEMA_THEMES_EDITED.format(
                    path=path, found=list(schema.theme_ids), trained=list(themes),
                    train="--backend transformers --base-model CKPT ", fingerprint=""))
            if schema.theme_ids != themes or set(schema.sentiments) != set(sentiments):  # the files of one model disagree
                raise ModelError(E_TRAINED.format(where=path, what=(
                    f"{CONFIG_FILE} names themes {list(themes)} and sentiments {list(sentiments)}, but {SCHEMA_FILE} has "
                    f"{list(schema.theme_ids)} and {list(schema.sentiments)}; the directory is damaged")))
        else:
            from .cues import model_schema

            schema = model_schema(path, schema, config)  # in the model's theme order; other theme ids are refused
        if set(schema.sentiments) != set(sentiments):  # every schema has the same three labels: config.json was edited
            raise ModelError(E_TRAINED.format(where=path / CONFIG_FILE, what=(
                f"'sentiments' lists {list(sentiments)}, but the schema {schema.id!r} has the sentiment labels {list(schema.sentiments)}")))
        params = {k: v for k, v in dict(config.get("params", {})).items() if k in cls._PARAMS}
        params["model_name_or_path"] = params.get("model_name_or_path") or str(path / ENCODER_DIR)
        self = cls(schema, device=device, **params)
        try:
            self._check_settings()
        except ModelError as e:
            raise ModelError(E_TRAINED.format(where=path / CONFIG_FILE, what=f"bad setting ({e})")) from None
        target = self._device()
        encoder_dir = path / ENCODER_DIR
        _check_encoder_files(encoder_dir)
        with _quiet():
            _refuse_unsafe_checkpoint(transformers, str(encoder_dir), local=True)
            encoder = _load_encoder(transformers, torch, str(encoder_dir), local=True)
            tokenizer = _load_tokenizer(transformers, str(encoder_dir), local=True)
        _check_tokenizer(tokenizer, encoder, encoder_dir, trained=True)
        _check_reads_chinese(tokenizer, path)
        if int(encoder.config.hidden_size) != hidden_size:
            raise ModelError(E_TRAINED.format(
                where=path,
                what=f"{CONFIG_FILE} says hidden_size {hidden_size}, but the encoder has {encoder.config.hidden_size}",
            ))
        heads = _heads_module(hidden_size, len(themes), len(sentiments), 0.0)
        try:
            state = load_file(str(path / HEADS_FILE))
            heads.load_state_dict(state)
            with safe_open(str(path / HEADS_FILE), framework="pt") as f:
                recorded = (f.metadata() or {}).get(HEADS_FORMAT)  # absent in heads saved before it was recorded
        except (RuntimeError, OSError, SafetensorError) as e:
            refused = refused_model_file(path / HEADS_FILE)  # safetensors says "not found" of a file it may not open
            if refused is not None:
                raise refused from None
            what = f"cannot load the heads ({_first_line(e)})"
            raise ModelError(E_TRAINED.format(where=path / HEADS_FILE, what=what)) from None
        for name, t in state.items():  # save writes finite float32 heads: anything else was written by another hand
            if not t.is_floating_point() or not bool(torch.isfinite(t).all()):
                what = f"tensor {name!r} has {'dtype ' + str(t.dtype) if not t.is_floating_point() else 'NaN or infinite values'}"
                raise ModelError(E_TRAINED.format(where=path / HEADS_FILE, what=what))
        trained = _recorded_labels(recorded, path / HEADS_FILE)
        if trained is not None and trained != sentiments:  # the sentiment head's outputs are in the recorded order
            raise ModelError(E_TRAINED.format(where=path / CONFIG_FILE, what=(
                f"'sentiments' lists {list(sentiments)}, but the heads were trained for {list(trained)} in that order "
                f"(as {HEADS_FILE} records), so they would be read as other labels")))
        encoder.to(target).eval().requires_grad_(False)
        heads.to(target).eval().requires_grad_(False)
        self.schema_ = schema
        self.themes_ = themes
        self.sentiments_ = sentiments
        self.tokenizer_ = tokenizer
        self.encoder_ = encoder
        self.heads_ = heads
        self.max_length_ = _effective_max_length(self.max_length, tokenizer, encoder)
        self.loss_history_ = list(config.get("loss_history", []))
        self.n_train_ = int(config.get("n_train", 0))
        return self


# -- helpers ---------------------------------------------------------------


def _generation(config: dict, folder: Path) -> str:
    """The ``generation`` :meth:`TransformersBackend.save` writes into ``config.json``: a hash of ``config`` and of
    every file written into ``folder`` before it (schema.toml, encoder/, heads.safetensors), as the linear backend's
    save hashes its config and weights (:func:`argmine.backends.linear._generation`).

    Each file is read once, right after it was written (from the system's file cache, as a rule).  A hash, not a
    random id: the same model object saved twice has the same generation (a model loaded and saved again may not:
    its tokenizer files record settings that loading and predicting change).

    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> _ = (d / "heads.safetensors").write_bytes(b"weights")
    >>> one = _generation({"backend": "transformers"}, d)
    >>> len(one), one == _generation({"backend": "transformers"}, d)
    (32, True)
    >>> _ = (d / "heads.safetensors").write_bytes(b"other weights")
    >>> one == _generation({"backend": "transformers"}, d)
    False
    """
    import hashlib

    h = hashlib.sha256(json.dumps(config, ensure_ascii=False, sort_keys=True).encode("utf-8"))
    for name in sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()):
        with open(folder / name, "rb") as f:
            h.update(f"\x00{name}\x00{os.fstat(f.fileno()).st_size}\x00".encode("utf-8", "surrogateescape"))
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
    return h.hexdigest()[:32]


def _recorded_labels(recorded: str | None, where: Path) -> tuple[str, ...] | None:
    """The sentiment labels ``heads.safetensors``'s metadata records (:data:`HEADS_FORMAT`: ``{"sentiments": [...]}``
    as JSON, in the order of the head's outputs); ``None`` for heads saved before it was recorded."""
    if recorded is None:
        return None
    try:
        labels = json.loads(recorded).get("sentiments")
    except (ValueError, AttributeError):
        labels = None
    if not isinstance(labels, list) or not all(isinstance(x, str) for x in labels):
        raise ModelError(E_TRAINED.format(where=where, what=f"its metadata {HEADS_FORMAT!r} does not list the sentiment labels "
                                                            f"({recorded[:80]!r})"))
    return tuple(labels)


def _heads_theme_count(path: Path) -> int | None:
    """The number of themes the heads in ``path`` (``heads.safetensors``) were trained for, read from its header;
    None when it cannot be read (loading the heads says why)."""
    from safetensors import SafetensorError, safe_open

    try:
        with safe_open(str(path), framework="pt") as f:
            shape = f.get_slice("themes.weight").get_shape()
    except (SafetensorError, OSError, ValueError, KeyError):
        return None
    return int(shape[0]) if len(shape) == 2 else None


def _check_config(config: dict, where: Path) -> tuple[tuple[str, ...], tuple[str, ...], int]:
    """The themes, sentiments and hidden size a trained model's config.json declares, type-checked."""
    def bad(what: str) -> ModelError:
        return ModelError(E_TRAINED.format(where=where, what=what))

    version = config.get("format_version", FORMAT_VERSION)
    if version != FORMAT_VERSION:
        raise ModelError(f"{where}: format_version {version!r}, but this argmine reads transformers models of format_version "
                         f"{FORMAT_VERSION}; use the argmine that wrote it, or retrain with 'argmine train'")
    found = {}
    for key in ("themes", "sentiments"):
        v = config.get(key)
        if not isinstance(v, list) or not all(isinstance(x, str) for x in v) or not v:
            raise bad(f"{key!r} must be a non-empty list of strings, found {v!r}")
        found[key] = tuple(v)
    if not {"positive", "negative"} <= set(found["sentiments"]):
        raise bad(f"'sentiments' must include 'positive' and 'negative', found {list(found['sentiments'])}")
    hidden = config.get("hidden_size")
    if not isinstance(hidden, int) or isinstance(hidden, bool) or hidden < 1:
        raise bad(f"'hidden_size' must be a positive integer, found {hidden!r}")
    if not isinstance(config.get("params", {}), dict):
        raise bad(f"'params' must be an object, found {config.get('params')!r}")
    history = config.get("loss_history", [])
    if not isinstance(history, list) or not all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in history):
        raise bad(f"'loss_history' must be a list of numbers, found {history!r}")
    n_train = config.get("n_train", 0)
    if not isinstance(n_train, int) or isinstance(n_train, bool) or n_train < 0:
        raise bad(f"'n_train' must be an integer >= 0, found {n_train!r}")
    return found["themes"], found["sentiments"], hidden


def _check_encoder_files(encoder_dir: Path) -> None:
    """A trained model's encoder/ must hold its config, safetensors weights, a tokenizer vocabulary and the tokenizer's settings.

    One of them that is a link to nothing (or a loop of links) is named as one, as every command names it.
    """
    def lacking(files: Sequence[str], what: str) -> ModelError:
        broken = (broken_model_file(encoder_dir, f) for f in files)
        return next(filter(None, broken), None) or ModelError(E_TRAINED.format(where=encoder_dir, what=what))

    if not (encoder_dir / "config.json").is_file():
        raise lacking(["config.json"], E_NO_ENCODER_CONFIG)
    if not any((encoder_dir / f).is_file() for f in SAFE_WEIGHTS):
        pickles = [f for f in PICKLED_WEIGHTS if (encoder_dir / f).exists()]
        found = f" (found {', '.join(pickles)}, which is a pickle)" if pickles else ""
        raise lacking(SAFE_WEIGHTS, E_NO_SAFETENSORS.format(found=found))
    if not any((encoder_dir / f).is_file() for f in TOKENIZER_FILES):
        raise lacking(TOKENIZER_FILES, E_NO_TOKENIZER.format(files=", ".join(TOKENIZER_FILES)))
    if not (encoder_dir / "tokenizer_config.json").is_file():
        raise lacking(["tokenizer_config.json"], E_NO_TOKENIZER_CONFIG)


def _check_tokenizer(tokenizer, encoder, where, trained: bool = False) -> None:
    """Refuse a tokenizer with an empty vocabulary, or one with ids the encoder cannot embed."""
    fix = (
        "restore the model directory from a backup or retrain with 'argmine train'" if trained
        else "pass a checkpoint directory with its own tokenizer files"
    )
    special = set(tokenizer.all_special_tokens)
    if not tokenizer.get_vocab().keys() - special:
        raise ModelError(f"{E_EMPTY_TOKENIZER.format(where=where, special=sorted(special))}; {fix}")
    n, m = len(tokenizer), getattr(encoder.config, "vocab_size", None)
    if isinstance(m, int) and n > m:
        raise ModelError(f"{E_TOKENIZER_SIZE.format(where=where, n=n, m=m)}; {fix}")


def _unknown_share(tokenizer, texts: Sequence[str]) -> float:
    """The share of the tokenizer's unknown token among the tokens of ``texts`` (special tokens left out)."""
    unk = tokenizer.unk_token_id
    if unk is None:  # byte-level vocabularies (GPT-2, RoBERTa-en) have no unknown token
        return 0.0
    rows = tokenizer([str(t) for t in texts], add_special_tokens=False)["input_ids"]
    n = sum(map(len, rows))
    return sum(row.count(unk) for row in rows) / n if n else 0.0


def _check_unknown_share(tokenizer, texts: Sequence[str], where) -> None:
    """Refuse a base checkpoint that reads most training tokens as [UNK] (not a Chinese one); warn when a notable share is."""
    from ..errors import warn_caller

    share = _unknown_share(tokenizer, texts)
    if share > UNK_REFUSE:
        raise ModelError(E_UNK_TRAINING.format(where=where, share=share, unk=tokenizer.unk_token))
    if share > UNK_WARN:
        warn_caller(W_UNK_TRAINING.format(where=where, share=share, unk=tokenizer.unk_token))


def _check_reads_chinese(tokenizer, where) -> None:
    """Refuse a trained model whose tokenizer knows none of :data:`COMMON_CHARS` (fine-tuned from a non-Chinese checkpoint)."""
    if _unknown_share(tokenizer, list(COMMON_CHARS)) == 1.0:
        raise ModelError(E_UNK_TRAINED.format(where=where, n=len(COMMON_CHARS), unk=tokenizer.unk_token))


def _checkpoint_file(name: str, filename: str, local: bool) -> Path | None:
    """A checkpoint's small file: in a local folder, or a hub repository's through the cache; None if it has none."""
    if Path(name).is_dir():
        path = Path(name) / filename
        return path if path.is_file() else None
    from transformers.utils import cached_file

    try:
        found = cached_file(
            name, filename, local_files_only=local or _offline(), _raise_exceptions_for_missing_entries=False,
            _raise_exceptions_for_gated_repo=False, _raise_exceptions_for_connection_errors=False,
        )
    except (OSError, ValueError):  # the load itself reports an unreachable or unknown repository
        return None
    return None if found is None else Path(found)


def _read_json_object(path: Path) -> dict | None:
    """The JSON object in ``path``, or None if it is not one (transformers' own load reports a broken config)."""
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


def _checkpoint_json(name: str, filename: str, local: bool) -> dict | None:
    """The JSON object in a checkpoint's small file ``filename``; None if it has none or it holds no JSON object."""
    path = _checkpoint_file(name, filename, local)
    return None if path is None else _read_json_object(path)


def _refusal(name: str, what: str, trained: bool, fix: str) -> ModelError:
    return ModelError(E_TRAINED.format(where=name, what=what) if trained else f"{name}: {what}; {fix}")


def _refuse_unsafe_checkpoint(transformers, name: str, local: bool = False) -> None:
    """Refuse, before its tokenizer or encoder loads, a checkpoint that asks for its own code, names weights that are
    not safetensors, or is an encoder-decoder model (T5, BART).

    Called once per load (fit's base checkpoint, a saved model's ``encoder/``),
    so that config.json is read once; ``local`` marks a trained argmine model
    directory (never the hub).
    """
    _refuse_big_files(name, local)
    config = _checkpoint_json(name, MODEL_CONFIG, local)
    _refuse_custom_code(transformers, name, local, config)
    _refuse_encoder_decoder(transformers, name, local, config)
    _refuse_unsafe_weights(name, local, config)
    _refuse_other_layer_count(name, local, config)


def _refuse_big_files(name: str, local: bool) -> None:
    """Refuse a local checkpoint folder whose JSON files are over MAX_CONFIG_BYTES, or tokenizer files over
    :data:`MAX_TOKENIZER_BYTES`, before anything reads them whole (``os.stat`` only)."""
    folder = Path(name)
    if not folder.is_dir():  # a hub id: transformers fetches what it needs
        return
    if local:
        fix = "it is not a {what}: restore the model directory from a backup or retrain with 'argmine train'"
    else:
        fix = "it is not a {what}: pass a checkpoint folder as 'hf download NAME --local-dir DIR' writes it"
    for names, limit, what in ((CHECKPOINT_JSON, MAX_CONFIG_BYTES, "checkpoint JSON file"),
                               (TOKENIZER_FILES + ("merges.txt",), MAX_TOKENIZER_BYTES, "tokenizer file")):
        for filename in names:
            check_file_size(folder / filename, limit, what, fix.format(what=what))


def _weight_names(folder: Path, local: bool) -> list[str] | None:
    """The tensor names a local checkpoint's safetensors weights hold (read from the index, or the file's header
    only: no tensor is read); None when it has neither (the load reports that)."""
    from safetensors import SafetensorError, safe_open

    index = folder / "model.safetensors.index.json"
    if index.is_file():
        data = _read_json_object(index)  # _refuse_unsafe_weights checked it holds a weight_map object
        return list(data["weight_map"]) if data is not None and isinstance(data.get("weight_map"), dict) else None
    weights = folder / "model.safetensors"
    if not weights.is_file():
        return None
    try:
        with safe_open(str(weights), framework="pt") as f:
            return list(f.keys())
    except (OSError, SafetensorError) as e:
        raise ModelError(_load_hint(str(folder), "encoder", e, trained=local)) from None


def _refuse_other_layer_count(name: str, local: bool, config: dict | None) -> None:
    """Refuse a local checkpoint whose ``config`` asks for more layers than its weights hold (the rest would be
    random, and a config with 100000 layers would build them all before failing), or, for a trained model
    (``local``), any other number than they hold.  Counted from the weight names (:data:`_LAYER_INDEX`) before
    the model is built; a checkpoint whose names show no layer index is left to the load."""
    folder = Path(name)
    if config is None or not folder.is_dir():
        return
    key = next((k for k in _LAYER_KEYS if k in config), None)
    n = config.get(key) if key else None
    if not isinstance(n, int) or isinstance(n, bool):
        return  # transformers refuses a layer count that is not an integer
    found = {int(m.group(1)) for m in map(_LAYER_INDEX.search, _weight_names(folder, local) or ()) if m}
    if not found:
        return
    held = max(found) + 1
    if n > held or (local and n != held):
        what = ("the other layers would be random" if n > held
                else f"{held - n} trained layer{'s' if held - n > 1 else ''} would be left out")
        weights = "model.safetensors.index.json" if (folder / "model.safetensors.index.json").is_file() else "model.safetensors"
        message = E_LAYER_COUNT.format(file=MODEL_CONFIG, key=key, n=n, weights=weights, held=held, what=what)
        raise _refusal(name, message, local, "use the checkpoint's own config.json")


def _refuse_custom_code(transformers, name: str, local: bool, config: dict | None) -> None:
    """Refuse a checkpoint whose ``config`` (its config.json) or tokenizer config asks transformers to import Python from it.

    ``trust_remote_code=False`` already keeps that code from running (and
    transformers from asking on stdin); this names the reason in one line.
    """
    fix = "use a checkpoint without auto_map whose model_type transformers provides (a newer transformers may)"
    for filename in (MODEL_CONFIG, "tokenizer_config.json"):
        data = config if filename == MODEL_CONFIG else _checkpoint_json(name, filename, local)
        if data is None:
            continue
        what = None
        if "auto_map" in data:
            auto_map = data["auto_map"]
            what = "an auto_map" + (f" for {', '.join(map(str, auto_map))}" if isinstance(auto_map, dict) and auto_map else "")
        elif filename == MODEL_CONFIG and isinstance(data.get("model_type"), str) and data["model_type"] not in transformers.CONFIG_MAPPING:
            what = f"model_type {data['model_type']!r}, which transformers does not provide"
        if what:
            message = E_CUSTOM_CODE.format(file=filename, what=what, version=transformers.__version__)
            raise _refusal(name, message, local, fix)


def _refuse_encoder_decoder(transformers, name: str, local: bool, config: dict | None) -> None:
    """Refuse a checkpoint whose ``config`` (its config.json) says, or whose model type's default says, ``is_encoder_decoder``.

    AutoModel loads one whole (``T5Model``, ``BartModel``): its states are its
    decoder's, T5's forward needs decoder inputs, and prediction, which passes
    ``inputs_embeds``, stops deep in transformers with a traceback.  A trained
    model's ``encoder/`` (``local``) is one a fit before this check took: it
    is refused too, with the model named and told to be retrained.
    """
    if config is None:
        return
    model_type = config.get("model_type")
    known = isinstance(model_type, str) and model_type in transformers.CONFIG_MAPPING  # a lazy mapping: .get() finds nothing
    by_type = known and getattr(transformers.CONFIG_MAPPING[model_type], "is_encoder_decoder", False) is True
    if config.get("is_encoder_decoder") is True or by_type:
        what = "is_encoder_decoder: true" if config.get("is_encoder_decoder") is True else f"model_type {model_type!r}"
        if local:
            file = f"{ENCODER_DIR}/{MODEL_CONFIG}"
            raise ModelError(E_TRAINED_ENCODER_DECODER.format(model=Path(name).parent, file=file, what=what))
        fix = "pass an encoder (BERT-like) checkpoint instead, such as bert-base-chinese or hfl/chinese-roberta-wwm-ext"
        raise _refusal(name, E_ENCODER_DECODER.format(file=MODEL_CONFIG, what=what), False, fix)


def _refuse_unsafe_weights(name: str, local: bool, config: dict | None) -> None:
    """Refuse a weights index (or ``config``'s ``transformers_weights`` setting) that names anything but a ``*.safetensors`` file in the folder.

    ``use_safetensors=True`` makes transformers pick ``model.safetensors``
    or ``model.safetensors.index.json``, but it then reads whatever file
    names the index (or the config's ``transformers_weights``) lists, a
    pickled ``.bin`` with ``torch.load`` included, and follows ``../``.
    """
    fix = "use a checkpoint with model.safetensors (or safetensors shards listed by plain file name)"
    indexes = ["model.safetensors.index.json"]
    if config is not None and "transformers_weights" in config:
        explicit = config["transformers_weights"]
        plain = isinstance(explicit, str) and (_SAFE_SHARD.fullmatch(explicit) or _SAFE_SHARD.fullmatch(explicit.removesuffix(".index.json")))
        if not plain:
            raise _refusal(name, E_UNSAFE_WEIGHTS.format(file=f"{MODEL_CONFIG} (transformers_weights)", name=explicit), local, fix)
        if explicit.endswith(".index.json"):
            indexes.append(explicit)
    for index in indexes:
        path = _checkpoint_file(name, index, local)
        if path is None:
            continue
        data = _read_json_object(path)
        weight_map = None if data is None else data.get("weight_map")
        if not isinstance(weight_map, dict):
            what = f"{index} is not a JSON object with a weight_map object, so its weights files are unknown"
            raise _refusal(name, what, local, fix)
        for shard in weight_map.values():
            if not (isinstance(shard, str) and _SAFE_SHARD.fullmatch(shard)):
                raise _refusal(name, E_UNSAFE_WEIGHTS.format(file=index, name=shard), local, fix)


def _load_tokenizer(transformers, name: str, local: bool = False):
    """The checkpoint's tokenizer; ``local`` marks a trained argmine model directory (never the hub).

    Call :func:`_refuse_unsafe_checkpoint` first; the tokenizer loads with
    ``trust_remote_code=False`` too.
    """
    try:
        tokenizer = transformers.AutoTokenizer.from_pretrained(
            name, local_files_only=local or _offline(), trust_remote_code=False
        )
    except (OSError, ValueError, TypeError, KeyError, RuntimeError) as e:
        raise ModelError(_load_hint(name, "tokenizer", e, trained=local)) from None
    except Exception as e:  # noqa: BLE001 - the tokenizers library raises a bare Exception for a tokenizer.json it cannot read
        if type(e) is not Exception:
            raise
        raise ModelError(_load_hint(name, "tokenizer", e, trained=local)) from None
    if tokenizer.pad_token is None and tokenizer.eos_token is not None:
        tokenizer.pad_token = tokenizer.eos_token  # decoder-style vocabularies have no pad token
    return tokenizer


def _load_encoder(transformers, torch, name: str, local: bool = False):
    """The checkpoint's encoder, from safetensors weights only (a pickled .bin is never loaded), never with its own code.

    Call :func:`_refuse_unsafe_checkpoint` first: ``use_safetensors=True`` alone
    follows whatever files a weights index names.  transformers' own report of
    weights missing, left over or of another shape is a log record that
    :func:`_quiet` hides, so its loading info is checked here: a weight of
    another shape than config.json gives it is refused, naming both shapes
    (transformers would refuse it pointing at the hidden report), and so is a
    base checkpoint whose weights leave part of the encoder random (a
    config.json of another model type, weights under another prefix).
    """
    import pickle

    from safetensors import SafetensorError

    try:
        encoder, info = transformers.AutoModel.from_pretrained(
            name, local_files_only=local or _offline(), dtype=torch.float32, use_safetensors=True, trust_remote_code=False,
            output_loading_info=True, ignore_mismatched_sizes=True,  # a weight of another shape is refused below, named
        )
    except (OSError, ValueError, TypeError, KeyError, RuntimeError, SafetensorError, pickle.UnpicklingError) as e:
        raise ModelError(_load_hint(name, "encoder", e, trained=local)) from None
    _refuse_other_shapes(name, info, encoder, local)
    if local:  # a trained model's encoder was saved whole: a weight missing would be random, one left over unused
        _check_trained_encoder(torch, Path(name), info, encoder)
    else:
        _refuse_random_base_weights(name, info, encoder)
        _refuse_non_finite_base_weights(torch, name, encoder)
    return encoder


def _non_finite(torch, tensors) -> str | None:
    """The name of the first of ``tensors`` (``(name, tensor)`` pairs) with a NaN or infinite value; None if none has."""
    for name, t in tensors:
        if t.is_floating_point() and not bool(torch.isfinite(t).all()):
            return name
    return None


def _weights_file(folder: Path, tensor: str) -> Path:
    """The file of a local checkpoint that holds ``tensor`` (its shard, when an index lists one), else its weights file."""
    index = folder / "model.safetensors.index.json"
    if not index.is_file():
        return folder / "model.safetensors"
    data = _read_json_object(index) or {}
    weight_map = data.get("weight_map") if isinstance(data.get("weight_map"), dict) else {}
    shard = next((f for k, f in weight_map.items() if k == tensor or k.endswith("." + tensor)), None)
    return folder / shard if isinstance(shard, str) else index


def _refuse_non_finite_base_weights(torch, name: str, encoder) -> None:
    """Refuse a base checkpoint whose weights hold a NaN or infinite value (a damaged download or copy): its loss
    would be NaN from the first batch, and the model trained from it could never load."""
    bad = _non_finite(torch, encoder.named_parameters())
    if bad is None:
        return
    what = E_ENCODER_NOT_FINITE.format(name=bad)
    if Path(name).is_dir():
        raise ModelError(f"{_weights_file(Path(name), bad)}: {what}; {FIX_LOCAL_BASE}")
    raise ModelError(f"{name}: {what}; {FIX_HUB_BASE}")


def _weights_named(name: str) -> str:
    """How a message names the weights of checkpoint ``name``: its ``model.safetensors``, its shards, or (a hub id) the checkpoint."""
    folder = Path(name)
    if not folder.is_dir():
        return "the checkpoint"
    return "the shards of model.safetensors.index.json" if (folder / "model.safetensors.index.json").is_file() else "model.safetensors"


def _shape(shape) -> str:
    """A tensor shape as a list, ``[2781, 32]`` (a ``torch.Size`` or any sequence of ints)."""
    return str([int(n) for n in shape])


def _refuse_other_shapes(name: str, info: dict, encoder, local: bool) -> None:
    """Refuse an encoder whose weights file holds a tensor of another shape than its config.json builds (``info``:
    transformers' loading info, its ``mismatched_keys`` as ``(key, shape in the file, shape of the model)``), naming
    the tensor and both shapes: a vocab_size or intermediate_size edited in config.json, or the config.json of
    another checkpoint."""
    mismatched = sorted(info.get("mismatched_keys") or (), key=lambda m: str(m[0] if isinstance(m, (tuple, list)) else m))
    if not mismatched:
        return
    more = f" (and {len(mismatched) - 1} more tensor{'s' if len(mismatched) > 2 else ''} of another shape)" if len(mismatched) > 1 else ""
    fields = dict(weights=_weights_named(name), file=MODEL_CONFIG, more=more)
    first = mismatched[0]
    if isinstance(first, (tuple, list)) and len(first) == 3:
        shapes = E_SHAPES.format(key=str(first[0]), found=_shape(first[1]), expected=_shape(first[2]), **fields)
    else:  # transformers 4 lists the names alone: the model's shape (the one config.json makes) is the encoder's
        key = str(first)
        state = encoder.state_dict()
        own = next((k for k in (key, key.removeprefix(f"{encoder.base_model_prefix}.")) if k in state), None)
        expected = "" if own is None else f", {_shape(state[own].shape)}"
        shapes = E_SHAPE.format(key=key, expected=expected, **fields)
    if local:
        raise ModelError(E_TRAINED.format(where=name, what=E_WEIGHTS_MISMATCH.format(file=MODEL_CONFIG, what=shapes)))
    raise ModelError(E_BASE_SHAPES.format(name=name, file=MODEL_CONFIG, shapes=shapes))


def _refuse_random_base_weights(name: str, info: dict, encoder) -> None:
    """Refuse a base checkpoint that leaves weights of the encoder random (``info``: transformers' loading info).

    transformers builds the model its config.json describes and fills it with
    the weights whose names fit; the others start random, and only its
    hidden report says so.  With a config.json of another model type
    (``roberta`` over ``bert.*`` weights) or weights under another prefix
    (``model.`` from a torch wrapper) none fit, and fine-tuning would start
    from a random encoder.  The pooler is the one part a checkpoint may lack
    (:data:`_UNUSED_WEIGHTS`); a few other weights missing are refused too,
    as a layer count its weights do not hold is: they are in the path of
    every token state.
    """
    missing_all = {str(k) for k in info.get("missing_keys") or ()}
    missing = sorted(k for k in missing_all if not _UNUSED_WEIGHTS.search(k))
    if not missing:
        return
    model_keys = list(encoder.state_dict())
    size = sum(1 for k in model_keys if not _UNUSED_WEIGHTS.search(k))
    unexpected = sorted(str(k) for k in info.get("unexpected_keys") or ())
    loaded = len(model_keys) - len(missing_all)  # the checkpoint's weights that fit, as transformers matched them

    def held_as(key: str) -> str | None:  # the checkpoint's name for it, under another prefix
        return next((u for u in unexpected if u.endswith("." + key)), None)

    key = min(missing, key=lambda k: (held_as(k) is None, k))
    held = f" (the checkpoint holds it as {held_as(key)!r})" if held_as(key) else ""
    fields = dict(name=name, weights=_weights_named(name), model=type(encoder).__name__, file=MODEL_CONFIG,
                  model_type=getattr(encoder.config, "model_type", None), size=size, key=key, held=held)
    if loaded == 0:
        raise ModelError(E_BASE_RANDOM.format(total=len(unexpected), **fields))
    raise ModelError(E_BASE_PARTLY_RANDOM.format(missing=len(missing), **fields))


def _check_trained_encoder(torch, folder: Path, info: dict, encoder) -> None:
    """Refuse a trained model's encoder that loaded with weights missing or left over (``info``: transformers'
    loading info), or with NaN or infinite weights (what fit never keeps: a training that diverges stops)."""
    parts = []
    for key, what in (("missing_keys", "not in the weights"), ("unexpected_keys", "in the weights but not in the model")):
        names = sorted(info.get(key) or ())
        if names:
            parts.append(f"{len(names)} weight{'s' if len(names) > 1 else ''} {what} (such as {names[0]!r})")
    if parts:
        raise ModelError(E_TRAINED.format(where=folder, what=E_WEIGHTS_MISMATCH.format(file=MODEL_CONFIG, what="; ".join(parts))))
    bad = _non_finite(torch, encoder.state_dict().items())
    if bad is not None:
        where = folder / "model.safetensors" if (folder / "model.safetensors").is_file() else _weights_file(folder, bad)
        raise ModelError(E_TRAINED.format(where=where, what=E_ENCODER_NOT_FINITE.format(name=bad)))


def _stderr_is_terminal() -> bool:
    isatty = getattr(sys.stderr, "isatty", None)
    return bool(isatty and isatty())


def _offline() -> bool:
    """Whether HF_HUB_OFFLINE or TRANSFORMERS_OFFLINE is set (read now, not when the libraries were imported)."""
    return any(os.environ.get(v, "").strip().upper() in ("1", "ON", "YES", "TRUE") for v in OFFLINE_ENV)


def _looks_like_path(name: str | Path) -> bool:
    """Whether a base model value means a local directory rather than a hub id (``name`` or ``namespace/name``).

    >>> [_looks_like_path(v) for v in ("bert-base-chinese", "hfl/chinese-roberta-wwm-ext", "./m", "~/m", "a/b/c", "C:/m")]
    [False, False, True, True, True, True]
    """
    if isinstance(name, Path):
        return True
    s = str(name)
    return (
        s.startswith((".", "/", "~", "\\"))
        or re.match(r"[A-Za-z]:", s) is not None
        or s.count("/") > 1
        or "\\" in s
        or ("/" in s and Path(s).parent.is_dir())  # models/bert-base-chinese where models/ exists
    )


def _base_model(name: str | Path) -> str:
    """What to load for ``model_name_or_path``: an existing path (``~`` expanded) or a hub id.

    A file (``ckpt/config.json``) is refused with the folder to pass, and a
    path the system refuses to look up (a name over 255 bytes, a NUL) with
    :class:`~argmine.errors.ModelError` too.
    A value that looks like a path but names no directory fails at once,
    instead of being sent to the hub as a repository id, and so do a
    symbolic link to nothing, a loop of links (in a folder of it too) and an
    argmine model directory (its config.json is argmine's, not a checkpoint's).
    """
    from .._files import unusable_path
    from ..errors import E_BASE_IS_MODEL, E_BASE_IS_MODEL_ENCODER, E_BASE_IS_MODEL_OTHER, E_BASE_PATH_FIX
    from .base import model_dir_backend

    path = Path(str(name)).expanduser()
    unusable = unusable_path(os.path.expanduser(str(name)), E_BASE_PATH_FIX)  # named as given (./a, not a), ~ expanded
    if unusable is not None:  # Path.is_file() raises on a name over 255 bytes; a NUL would be sent to the hub as a repository id
        raise ModelError(": ".join(unusable))
    from ..read import broken_link, looped_path, shown_path

    # a link to nothing or a loop of links (also in a folder of the path: loop/x) is named here, as every
    # command names one, not sent to the hub as a repository id (which waits for a network there is not)
    linked = broken_link(str(path)) or looped_path(path)
    if linked:
        raise ModelError(f"{shown_path(str(name))}: {linked}")
    if path.is_file():  # transformers would read a file as legacy pickled weights (torch.load): refused here
        raise ModelError(E_BASE_IS_FILE.format(path=name, parent=path.parent))
    backend = model_dir_backend(path)
    if backend is not None:
        fix = (E_BASE_IS_MODEL_ENCODER.format(encoder=path / ENCODER_DIR) if (path / ENCODER_DIR).is_dir()
               else E_BASE_IS_MODEL_OTHER.format(backend=backend))
        raise ModelError(E_BASE_IS_MODEL.format(path=name, backend=backend, fix=fix))
    if path.is_dir():
        _check_checkpoint_folder(name, path)
    if path.exists():
        return str(path)
    if _looks_like_path(name):
        raise ModelError(E_NO_BASE_DIR.format(path=shown_name(name)))  # a text passed as the path: named cut
    return str(name)


def _check_checkpoint_folder(name: str | Path, path: Path) -> None:
    """Refuse, naming what is missing, a folder without ``config.json``: an empty folder or any folder other than a checkpoint.

    transformers would fail on it with a message about its tokenizer that
    lists no files.  A folder with ``config.json`` is left to the loads,
    which name what else is wrong.
    """
    if (path / MODEL_CONFIG).is_file():
        return
    missing = [f"no {MODEL_CONFIG}"]
    if not any((path / f).is_file() for f in TOKENIZER_FILES):
        missing.append(f"no tokenizer file such as {' or '.join(TOKENIZER_FILES[:2])}")
    if not any((path / f).is_file() for f in SAFE_WEIGHTS):
        missing.append(f"no {SAFE_WEIGHTS[0]} weights")
    try:
        inside = sorted(d.name for d in path.iterdir() if d.is_dir() and (d / MODEL_CONFIG).is_file())
    except OSError:
        inside = []
    hint = f"; its folder {path / inside[0]} has a config.json: pass that" if inside else _cache_repo_hint(path)
    missing_text = ", ".join(missing[:-1]) + " and " + missing[-1] if len(missing) > 1 else missing[0]
    raise ModelError(E_NOT_CHECKPOINT.format(path=name, missing=missing_text, hint=hint))


def _cache_repo_hint(path: Path) -> str:
    """The hint for a repository folder of the Hugging Face cache (``hub/models--org--name``) passed as a checkpoint.

    Its files are two levels down, in ``snapshots/<revision>/``: the hint
    names the snapshot that ``refs/main`` points to (else the newest one
    with a config.json), and the hub id the folder caches, which loads from
    that cache with ``HF_HUB_OFFLINE=1`` (and ``HF_HUB_CACHE`` set to its
    parent when that is not the cache in use).  ``""`` for any other folder.
    """
    snapshots = path / "snapshots"
    try:
        found = [d for d in snapshots.iterdir() if d.is_dir() and (d / MODEL_CONFIG).is_file()] if snapshots.is_dir() else []
        ref = (path / "refs" / "main").read_text("utf-8").strip() if (path / "refs" / "main").is_file() else ""
    except (OSError, UnicodeDecodeError):
        return ""
    if not found:
        return ""
    snapshot = next((d for d in found if d.name == ref), None)
    which = "the one refs/main names"
    if snapshot is None:
        snapshot = max(found, key=lambda d: (d.stat().st_mtime, d.name))
        which = "the only one with a config.json" if len(found) == 1 else "the newest one with a config.json"
    hint = f"; it is a folder of the Hugging Face cache: pass its snapshot {snapshot} ({which})"
    if path.name.startswith("models--") and len(path.name) > len("models--"):
        repo = path.name[len("models--"):].replace("--", "/")
        from huggingface_hub import constants

        cache = "" if _same_folder(Path(constants.HF_HUB_CACHE).expanduser(), path.parent) else f" HF_HUB_CACHE={path.parent}"
        hint += f", or the hub id {repo} with HF_HUB_OFFLINE=1{cache} set"
    return hint


def _same_folder(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and a.samefile(b)
    except OSError:
        return False


def _first_line(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def _load_hint(name: str, what: str, error: Exception, trained: bool = False) -> str:
    """The one line for a checkpoint whose ``what`` (``"tokenizer"``, ``"encoder"``) failed to load with ``error``.

    For a local folder (a trained model's ``encoder/`` when ``trained``) it
    names the file found damaged (:func:`_damaged_file`) where there is one,
    and says what to do about the folder; only a hub id gets the hub's advice.
    """
    first = _first_line(error)
    if "safetensors" in first and ("no file named" in first or "use_safetensors" in first):
        first = "no model.safetensors; argmine reads encoder weights from safetensors only, never a pickled pytorch_model.bin"
    if "custom code" in first:  # a hub repository's tokenizer that needs its own code (trust_remote_code=False refused it)
        first = "it asks for custom code; argmine never runs code from a model folder (trust_remote_code is always False)"
    folder = Path(name)
    damaged = _damaged_file(folder, what) if folder.is_dir() else None
    if damaged is not None:
        fix = f"; {FIX_TRAINED if trained else FIX_LOCAL_BASE}"
        if damaged[1].endswith(R_TOKENIZER_JSON_NEWER):  # or damaged: a newer tokenizers reads the one, not the other
            fix = ": " + FIX_TOKENIZERS.format(fix=FIX_TRAINED if trained else "copy the checkpoint folder again")
        return f"{damaged[0]}: cannot load the {what}: {damaged[1]}{fix}"
    if trained:
        return E_TRAINED.format(where=name, what=f"cannot load the {what} ({first})")
    if folder.exists():  # a local folder: the hub and HF_HUB_OFFLINE have nothing to do with it
        return f"{name}: cannot load the {what} ({first}); {FIX_LOCAL_LOAD}"
    if _offline() and "connect" in first:
        first = f"not in the local Hugging Face cache, and {'/'.join(OFFLINE_ENV)} keeps the hub from being asked"
    cache = "" if _offline() else " (set HF_HUB_OFFLINE=1 to use only the local cache)"
    return (
        f"{name}: no such directory, and cannot load the {what} as a hub id ({first}); pass a local checkpoint directory "
        f"(with config.json, model.safetensors and tokenizer files) or a hub id reachable from here{cache}; "
        "see docs/transformers.md"
    )


#: The files of a checkpoint folder that each load reads, as :func:`_damaged_file` checks them (JSON files first).
_LOAD_FILES = {
    "tokenizer": ("tokenizer_config.json", "special_tokens_map.json", "added_tokens.json", MODEL_CONFIG, "tokenizer.json",
                  "vocab.txt", "vocab.json", "merges.txt", "tokenizer.model", "spiece.model", "sentencepiece.bpe.model"),
    "encoder": (MODEL_CONFIG, "model.safetensors.index.json", "model.safetensors"),
}


def _damaged_file(folder: Path, what: str) -> tuple[Path, str] | None:
    """The file of the checkpoint folder ``folder`` that keeps its ``what`` from loading, and what is wrong with it:
    a JSON file that is not valid JSON, a ``tokenizer.json`` the tokenizers library cannot read, a vocabulary that
    is not UTF-8, a sentencepiece model sentencepiece cannot read, a safetensors file (or a shard its index lists)
    that is truncated, not one, or missing.  None when none of them is found damaged (called once a load failed).

    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> _ = (d / "tokenizer.json").write_text('{"version": ', "utf-8")
    >>> path, why = _damaged_file(d, "tokenizer")
    >>> path.name, why
    ('tokenizer.json', 'not valid JSON (Expecting value at line 1 column 13)')
    """
    for filename in _LOAD_FILES.get(what, ()):
        path = folder / filename
        if not path.is_file():
            continue
        why = _file_damage(path)
        if why is not None:
            return path, why
        if filename == "model.safetensors.index.json":  # its shards; _refuse_unsafe_weights checked their names
            data = _read_json_object(path) or {}
            shards = data.get("weight_map") if isinstance(data.get("weight_map"), dict) else {}
            for shard in dict.fromkeys(v for v in shards.values() if isinstance(v, str)):
                shard_path = folder / shard
                why = _file_damage(shard_path) if shard_path.is_file() else f"missing, though {filename} lists it"
                if why is not None:
                    return shard_path, why
    return None


def _file_damage(path: Path) -> str | None:
    """What is wrong with the checkpoint file ``path``, judged by its kind (its name); None if it reads whole."""
    name = path.name
    try:
        if name.endswith(".safetensors"):
            from safetensors import SafetensorError, safe_open

            try:
                with safe_open(str(path), framework="pt") as f:
                    f.keys()
            except (SafetensorError, OSError, ValueError) as e:
                return f"truncated, or not a safetensors file ({_first_line(e)})"
            return None
        if name.endswith((".json", ".txt")):
            text = path.read_bytes().decode("utf-8")
            if name.endswith(".json"):
                json.loads(text)
                if name == "tokenizer.json":
                    return _tokenizer_json_damage(text)
            return None
        if name.endswith(".model"):  # a sentencepiece model, read by sentencepiece where it is installed
            try:
                import sentencepiece
            except ImportError:
                return None
            try:
                sentencepiece.SentencePieceProcessor(model_file=str(path))
            except (RuntimeError, OSError) as e:
                return f"not a sentencepiece model ({_first_line(e)})"
            return None
    except UnicodeDecodeError as e:
        return f"not UTF-8 text (byte {e.start})"
    except json.JSONDecodeError as e:
        return f"not valid JSON ({e.msg} at line {e.lineno} column {e.colno})"
    except RecursionError:
        return "not valid JSON (nested too deeply)"
    except OSError as e:
        return f"cannot be read ({e.strerror or _first_line(e)})"
    return None


def _tokenizer_json_damage(text: str) -> str | None:
    """What the tokenizers library says of a ``tokenizer.json`` that is valid JSON, if it cannot read it."""
    try:
        import tokenizers
    except ImportError:
        return None
    try:
        tokenizers.Tokenizer.from_str(text)
    except Exception as e:  # noqa: BLE001 - tokenizers raises a bare Exception for a file it cannot read
        return E_TOKENIZER_JSON_UNREAD.format(version=tokenizers.__version__, error=_first_line(e))
    return None


def _effective_max_length(max_length: int, tokenizer, encoder) -> int:
    """``max_length`` capped by what the tokenizer and the position embeddings allow.

    An encoder of the RoBERTa family (roberta, xlm-roberta, camembert,
    roberta-prelayernorm, data2vec-text, mpnet, longformer, xmod, ibert, luke,
    ...) numbers its positions from ``padding_idx + 1``, so a text of ``n``
    tokens reads position ``n + padding_idx``: it gives its position
    embedding that ``padding_idx`` (:func:`_position_offset`), and that many
    positions more are left out of the cap, whatever its model type is named.
    """
    limits = [max_length]
    if 0 < getattr(tokenizer, "model_max_length", 0) < 1_000_000:
        limits.append(int(tokenizer.model_max_length))
    table = getattr(getattr(encoder, "embeddings", None), "position_embeddings", None)
    # config.json's max_position_embeddings, and the table's own size where it is smaller (some models make it
    # larger, their position ids being a buffer of max_position_embeddings)
    sizes = [getattr(encoder.config, "max_position_embeddings", None), getattr(table, "num_embeddings", None)]
    sizes = [n for n in sizes if isinstance(n, int) and not isinstance(n, bool) and n > 0]
    if sizes:
        limits.append(min(sizes) - _position_offset(table))
    return max(2, min(limits))


def _position_offset(table) -> int:
    """How many positions of the position embedding ``table`` a text never reads: ``padding_idx + 1`` when it has a
    ``padding_idx`` (the RoBERTa family, whose position ids start after it), else 0 (BERT, ELECTRA, ALBERT, ...).

    >>> import torch
    >>> _position_offset(torch.nn.Embedding(66, 4, padding_idx=1)), _position_offset(torch.nn.Embedding(66, 4))
    (2, 0)
    """
    padding = getattr(table, "padding_idx", None)
    return padding + 1 if isinstance(padding, int) and not isinstance(padding, bool) and padding >= 0 else 0


def _tokenize(tokenizer, texts, max_length: int, offsets: bool = False, tensors: bool = False):
    """The one tokenisation used for training and prediction (same truncation both ways)."""
    kw: dict[str, Any] = {"truncation": True, "max_length": max_length}
    if tensors:
        kw.update(padding=True, return_tensors="pt", return_special_tokens_mask=True)
        if offsets and getattr(tokenizer, "is_fast", False):
            kw["return_offsets_mapping"] = True
    return dict(tokenizer(list(texts), **kw))


def _spans(label, text, contrib, keep, offsets, row, sign, top, tokenizer, enc) -> list[Evidence]:
    """Merge adjacent strongly-contributing tokens into character spans; keep the top ``top``."""
    scores = [c * sign if k else float("-inf") for c, k in zip(contrib.tolist(), keep.tolist())]
    best = max(scores, default=float("-inf"))
    if not best > 0:
        return []
    chosen = [s >= SPAN_SHARE * best for s in scores]
    if offsets is not None:
        spans = [tuple(x) for x in offsets[row].tolist()]
        term = lambda a, b: text[spans[a][0] : spans[b][1]]  # noqa: E731
    else:
        toks = tokenizer.convert_ids_to_tokens(enc["input_ids"][row].tolist())
        term = lambda a, b: tokenizer.convert_tokens_to_string(toks[a : b + 1]).strip()  # noqa: E731
    found, i = [], 0
    while i < len(chosen):
        if chosen[i]:
            j = i
            while j + 1 < len(chosen) and chosen[j + 1]:
                j += 1
            found.append((sum(scores[i : j + 1]), term(i, j)))
            i = j + 1
        else:
            i += 1
    merged: dict[str, float] = {}
    for w, t in found:
        if t:  # the same characters at two places count once, with both pushes
            merged[t] = merged.get(t, 0.0) + w
    best_terms = sorted(merged.items(), key=lambda x: -x[1])[:top]
    return [Evidence(label, t, w * sign) for t, w in best_terms]
