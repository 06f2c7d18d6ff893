"""Build synthetic Argos Translate de→en packages for tests and benchmarks.

No real model may be downloaded here, so the package is built from scratch:
a sentencepiece model trained on a few dozen German and English lines, and a
randomly initialised CTranslate2 Transformer of a chosen size. Its output is
gibberish, but everything around it is real: the zip layout Argos installs,
the tokenizer, the model format, the cost of decoding with `BASE` weights.

Two details make the random model usable:

* Vocabulary size. A 32,000-piece vocabulary cannot be learned from a small
  corpus, so sentencepiece is trained with a soft limit and the trained
  model's proto is then padded with pseudo-words (``▁kelmor``…) scored below
  every learned piece. Tokenizer and CTranslate2 vocabulary stay one and the
  same list of exactly ``size["vocab"]`` pieces, the embedding and output
  matrices have the real size, and any emitted id decodes to text.
* Translations that end, with a length that follows the source. One model
  dimension (``LENGTH_DIM``, the last) is reserved as a counter: the position
  table puts ``position * RAMP`` in it, no layer writes to it, and the last
  decoder layer's cross-attention (uniform, since its query weights are zero)
  subtracts the mean source position. The residual in that dimension thus
  turns positive once the hypothesis is about as long as the source, and the
  output projection maps it onto ``</s>``.

`add_spacy_sentencizer` adds what Argos needs to split sentences offline.
"""
from __future__ import annotations

import io
import json
import tempfile
import zipfile
from pathlib import Path

import numpy as np

TINY = dict(layers=2, d_model=64, heads=4, ffn=128, vocab=400)
BASE = dict(layers=6, d_model=512, heads=8, ffn=2048, vocab=32000)

SAMPLE_ARTICLE = Path(__file__).resolve().parents[2] / "lesepult/data/sample/handelsblatt-syrien-2016.txt"
ENGLISH_LINES = [
    "Two days after the talks broke down, the foreign ministers spoke again.",
    "The United States and Russia are talking about Syria once more.",
    "France announced that its foreign minister would travel to Moscow and Washington.",
    "The Syrian army said it would reduce its attacks on the eastern part of Aleppo.",
    "The government in Moscow rejected the accusation.",
    "A ceasefire had been agreed in September but it did not last long.",
    "Aid convoys could not reach the besieged city for weeks.",
    "The United Nations called on both sides to protect civilians.",
    "Hospitals in the city have been hit several times.",
    "Many people have fled the fighting and live in camps near the border.",
    "The envoy met the minister in Berlin on Wednesday.",
    "Diplomats hope that a resolution will be adopted soon.",
    "The reader opens a German article and reads it sentence by sentence.",
    "Every sentence is translated once and then stored in the cache.",
    "Unknown words can be looked up in the dictionary with a single click.",
    "Yesterday it rained in the morning, but the afternoon was sunny.",
    "She bought bread, cheese and apples at the market.",
    "We will meet at the station at eight o'clock tomorrow.",
    "The children are playing in the garden behind the house.",
    "He has been working for this newspaper for twenty years.",
    "Prices rose sharply at the end of last year.",
    "The train was late because of a technical fault.",
    "Please close the window when you leave the room.",
    "Nobody knows how the negotiations will end.",
]

SPECIALS = dict(unk_id=0, pad_id=1, bos_id=2, eos_id=3,
                unk_piece="<unk>", pad_piece="<blank>", bos_piece="<s>", eos_piece="</s>")
MAX_POSITIONS = 1024   # rows of the position table; above CTranslate2's default max_decoding_length
RAMP = 1 / 16          # growth per position of the length counter dimension
TARGET_RATIO = 1.1     # target length / source length the counter aims at
ENCODER_SCALE = 1.3    # measured std of the encoder's residual stream, divided out by its final layer norm
EOS_SLOPE = 2.0        # how many logits per token of excess length </s> gains
WEIGHT_GAIN = 0.5      # scale of random sublayer weights (relative to 1/sqrt(fan_in))


def default_corpus() -> list[str]:
    """German sentences of the sample article plus some English ones."""
    german = [line.strip() for line in SAMPLE_ARTICLE.read_text(encoding="utf-8").splitlines()]
    return [line for line in german if line] + ENGLISH_LINES


def build_argos_package(out_dir: Path, size: dict = TINY, version: str = "1.0",
                        quantization: str = "int8", seed: int = 0,
                        corpus: list[str] | None = None) -> Path:
    """Build ``<out_dir>/translate-de_en-<version>.argosmodel`` and return its path."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    name = f"translate-de_en-{version.replace('.', '_')}"
    with tempfile.TemporaryDirectory() as work:
        package_dir = Path(work) / name
        (package_dir / "model").mkdir(parents=True)
        _write_metadata(package_dir, version)
        pieces = train_sentencepiece(package_dir / "sentencepiece.model",
                                     corpus or default_corpus(), size["vocab"], seed)
        spec = random_transformer_spec(size, pieces, seed)
        spec.optimize(quantization=quantization)
        spec.save(str(package_dir / "model"))
        return _zip_package(package_dir, out_dir / f"{name}.argosmodel")


def _write_metadata(package_dir: Path, version: str) -> None:
    metadata = {"package_version": version, "argos_version": "1.0",
                "from_code": "de", "from_name": "German", "to_code": "en", "to_name": "English",
                "type": "translate"}
    (package_dir / "metadata.json").write_text(json.dumps(metadata, indent=2), encoding="utf-8")
    (package_dir / "README.md").write_text(
        "Synthetic de→en package with random weights, built by tests/argos_package.py. "
        "Its translations are gibberish.\n", encoding="utf-8")


def _zip_package(package_dir: Path, zip_path: Path) -> Path:
    # Fixed timestamps so two builds of the same seed give the same archive entries.
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(package_dir.rglob("*")):
            if path.is_file():
                info = zipfile.ZipInfo(str(path.relative_to(package_dir.parent)), (2020, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, path.read_bytes())
    return zip_path


# --- tokenizer ---------------------------------------------------------------

def train_sentencepiece(model_path: Path, corpus: list[str], vocab: int, seed: int) -> list[str]:
    """Train a unigram model, pad it to exactly `vocab` pieces, return the pieces in id order."""
    import sentencepiece as spm
    from sentencepiece import sentencepiece_model_pb2 as model_pb2

    trained = _train_small(corpus, vocab)
    proto = model_pb2.ModelProto()
    proto.ParseFromString(trained)
    if len(proto.pieces) > vocab:
        raise ValueError(f"sentencepiece learned {len(proto.pieces)} pieces, more than vocab={vocab}")
    _pad_pieces(proto, vocab, np.random.default_rng(seed))
    model_path.write_bytes(proto.SerializeToString())
    processor = spm.SentencePieceProcessor(model_file=str(model_path))
    return [processor.id_to_piece(i) for i in range(processor.get_piece_size())]


def _train_small(corpus: list[str], vocab: int) -> bytes:
    import sentencepiece as spm

    model = io.BytesIO()
    # A small corpus supports a few hundred pieces at most: the limit is soft,
    # padding supplies the rest. One thread keeps the result reproducible.
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(corpus), model_writer=model, model_type="unigram",
        vocab_size=min(vocab, 1000), hard_vocab_limit=False, character_coverage=1.0,
        input_sentence_size=10_000, shuffle_input_sentence=False, num_threads=1,
        minloglevel=2, **SPECIALS)
    return model.getvalue()


def _pad_pieces(proto, vocab: int, rng: np.random.Generator) -> None:
    """Append pseudo-words, scored below all learned pieces, up to `vocab` pieces."""
    known = {piece.piece for piece in proto.pieces}
    floor = min(piece.score for piece in proto.pieces) - 10.0
    letters = np.array(list("abcdefghiklmnoprstuwyz"))
    while len(proto.pieces) < vocab:
        word = "▁" + "".join(rng.choice(letters, size=int(rng.integers(3, 9))))
        if word in known:
            continue
        known.add(word)
        piece = proto.pieces.add()
        piece.piece, piece.score = word, floor - len(proto.pieces) * 1e-4
    proto.trainer_spec.vocab_size = vocab


# --- model -------------------------------------------------------------------

def random_transformer_spec(size: dict, pieces: list[str], seed: int):
    """A validated TransformerSpec with seeded random weights and the length counter."""
    from ctranslate2.specs import TransformerSpec

    # Attention is reported from the first decoder layer: the last one's cross-attention is uniform by
    # design (the length counter), the first one's is random, so alignments exist (and mean nothing).
    spec = TransformerSpec.from_config(num_layers=(size["layers"], size["layers"]), num_heads=size["heads"],
                                       alignment_layer=0)
    weights = _Weights(np.random.default_rng(seed), size["d_model"], size["ffn"])
    _fill_encoder(spec.encoder, weights, len(pieces))
    _fill_decoder(spec.decoder, weights, spec.encoder.embeddings[0].weight, pieces)
    spec.register_source_vocabulary(pieces)
    spec.register_target_vocabulary(pieces)
    spec.validate()
    return spec


LENGTH_DIM = -1  # the model dimension reserved for the length counter


class _Weights:
    """Seeded float32 arrays, with the length-counter dimension kept clean."""

    def __init__(self, rng: np.random.Generator, d_model: int, ffn: int):
        self.rng, self.d, self.ffn = rng, d_model, ffn

    def normal(self, *shape: int, std: float) -> np.ndarray:
        return (self.rng.standard_normal(shape) * std).astype(np.float32)

    def linear(self, linear, out_dim: int, in_dim: int, writes_residual: bool = False) -> None:
        linear.weight = self.normal(out_dim, in_dim, std=WEIGHT_GAIN / np.sqrt(in_dim))
        linear.bias = self.normal(out_dim, std=0.02)
        if writes_residual:  # sublayers must not disturb the counter
            linear.weight[LENGTH_DIM] = 0.0
            linear.bias[LENGTH_DIM] = 0.0

    def layer_norm(self, norm) -> None:
        norm.gamma = np.ones(self.d, dtype=np.float32)
        norm.beta = np.zeros(self.d, dtype=np.float32)

    def embeddings(self, vocab: int) -> np.ndarray:
        table = self.normal(vocab, self.d, std=1 / np.sqrt(self.d))  # ×sqrt(d) at run time → unit scale
        table[:, LENGTH_DIM] = 0.0
        return table

    def positions(self) -> np.ndarray:
        """Sinusoidal encodings, with the counter dimension counting positions."""
        position = np.arange(MAX_POSITIONS)[:, None]
        frequency = np.exp(-np.log(10000.0) * np.arange(0, self.d, 2) / self.d)
        table = np.concatenate([np.sin(position * frequency), np.cos(position * frequency)], axis=1)
        table[:, LENGTH_DIM] = position[:, 0] * RAMP
        return table.astype(np.float32)

    def attention(self, attention, self_attention: bool) -> None:
        d = self.d
        self.layer_norm(attention.layer_norm)
        if self_attention:
            self.linear(attention.linear[0], 3 * d, d)
        else:
            self.linear(attention.linear[0], d, d)
            self.linear(attention.linear[1], 2 * d, d)
        self.linear(attention.linear[-1], d, d, writes_residual=True)

    def feed_forward(self, ffn) -> None:
        self.layer_norm(ffn.layer_norm)
        self.linear(ffn.linear_0, self.ffn, self.d)
        self.linear(ffn.linear_1, self.d, self.ffn, writes_residual=True)


def _fill_encoder(encoder, weights: _Weights, vocab: int) -> None:
    encoder.embeddings[0].weight = weights.embeddings(vocab)
    encoder.position_encodings.encodings = weights.positions()
    weights.layer_norm(encoder.layer_norm)
    for layer in encoder.layer:
        weights.attention(layer.self_attention, self_attention=True)
        weights.feed_forward(layer.ffn)


def _fill_decoder(decoder, weights: _Weights, shared_embeddings: np.ndarray, pieces: list[str]) -> None:
    decoder.embeddings.weight = shared_embeddings  # one vocabulary, one table (aliased on save)
    decoder.position_encodings.encodings = weights.positions()
    weights.layer_norm(decoder.layer_norm)
    for layer in decoder.layer:
        weights.attention(layer.self_attention, self_attention=True)
        weights.attention(layer.attention, self_attention=False)
        weights.feed_forward(layer.ffn)
    _subtract_source_length(decoder.layer[-1].attention, weights.d)
    _project_with_end_of_sentence(decoder.projection, weights, pieces)


def _subtract_source_length(attention, d_model: int) -> None:
    """Make this cross-attention write −TARGET_RATIO × the mean source position into the counter.

    Zero queries give uniform attention over the source, so value channel 0,
    which copies the encoder output's counter, averages to RAMP·(S−1)/2 for a
    source of S tokens, divided by the encoder's final layer norm by about
    ENCODER_SCALE.
    """
    attention.linear[0].weight[:] = 0.0
    attention.linear[0].bias[:] = 0.0
    values = attention.linear[1].weight[d_model:]
    values[0] = 0.0
    values[0, LENGTH_DIM] = 1.0
    attention.linear[1].bias[d_model] = 0.0
    output = attention.linear[-1].weight
    output[:, 0] = 0.0
    output[LENGTH_DIM, 0] = -2.0 * TARGET_RATIO * ENCODER_SCALE


def _project_with_end_of_sentence(projection, weights: _Weights, pieces: list[str]) -> None:
    """Random logits, `</s>` driven by the counter, other special tokens never emitted."""
    vocab, d = len(pieces), weights.d
    projection.weight = weights.normal(vocab, d, std=1 / np.sqrt(d))
    projection.bias = np.zeros(vocab, dtype=np.float32)
    eos = pieces.index("</s>")
    projection.weight[eos] = 0.0
    # The counter reaches the final layer norm with about unit-scale neighbours,
    # so one token of excess length moves it by about RAMP.
    projection.weight[eos, LENGTH_DIM] = EOS_SLOPE / RAMP
    projection.bias[eos] = np.sqrt(2 * np.log(vocab))  # about the largest random logit
    for special in ("<unk>", "<s>", "<blank>"):
        projection.bias[pieces.index(special)] = -100.0


def add_spacy_sentencizer(package_zip: Path) -> None:
    """Ship a blank German spaCy pipeline in the package, for Argos's SPACY chunking.

    It holds no weights: Argos adds spaCy's rule-based "sentencizer" to it, so
    argostranslate can split sentences offline instead of downloading MiniSBD.
    """
    import spacy

    with zipfile.ZipFile(package_zip) as archive:
        top = archive.namelist()[0].split("/")[0]
    with tempfile.TemporaryDirectory() as work:
        pipeline_dir = Path(work) / "spacy"
        spacy.blank("de").to_disk(pipeline_dir)
        with zipfile.ZipFile(package_zip, "a", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(pipeline_dir.rglob("*")):
                if path.is_file():
                    archive.write(path, f"{top}/spacy/{path.relative_to(pipeline_dir)}")


# --- hostile and altered packages, for the installer's tests -------------------------------------

def repack_package(source: Path, target: Path, *, top: str | None = None, metadata: dict | None = None,
                   members: dict[str, bytes] | None = None) -> Path:
    """Copy a package archive with its folder renamed to `top`, metadata fields changed,
    or members (named relative to the folder) replaced by other bytes."""
    members = members or {}
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            old_top, _, inner = item.filename.partition("/")
            data = members.get(inner, old.read(item))
            if inner == "metadata.json" and metadata:
                data = json.dumps({**json.loads(data), **metadata}).encode()
            new.writestr(zipfile.ZipInfo(f"{top or old_top}/{inner}", item.date_time), data,
                         compress_type=zipfile.ZIP_DEFLATED)
    return Path(target)


def bomb_package(target: Path, inflated_bytes: int, version: str = "1.1", block: bytes = bytes(1 << 20)) -> Path:
    """A de→en package archive whose model/model.bin inflates to `inflated_bytes` (zeros by
    default: 1 GiB fits in about 1 MB). Everything else about it looks right."""
    top = f"translate-de_en-{version.replace('.', '_')}"
    metadata = {"package_version": version, "argos_version": "1.0", "from_code": "de", "from_name": "German",
                "to_code": "en", "to_name": "English", "type": "translate"}
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{top}/metadata.json", json.dumps(metadata))
        archive.writestr(f"{top}/sentencepiece.model", b"not a real tokenizer")
        info = zipfile.ZipInfo(f"{top}/model/model.bin", (2020, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w") as member:
            for _ in range(inflated_bytes // len(block)):
                member.write(block)
    return Path(target)
