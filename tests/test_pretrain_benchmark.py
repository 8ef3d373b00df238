"""benchmarks/pretrain_encoder.py: the unlabelled pre-training text never holds a held-out review."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from argmine.polarity import heldout_split

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "pretrain_encoder.py"


def _load():
    spec = importlib.util.spec_from_file_location("pretrain_encoder_bench", SCRIPT)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_pretraining_text_leaves_out_the_held_out_reviews_and_their_near_copies(tmp_path):
    hotel = [f"房间{i}号很干净，服务也周到，下次还来住" if i % 2 else f"房间{i}号太吵了，空调坏了，再也不来了" for i in range(20)]
    (tmp_path / "sentiment").mkdir()
    (tmp_path / "sentiment" / "ChnSentiCorp_htl_all.csv").write_text(
        "label,review\n" + "".join(f"{i % 2},{t}\n" for i, t in enumerate(hotel)), encoding="utf-8")
    _, test, _ = heldout_split(tmp_path / "sentiment")
    copy = test.texts[0] + "！"  # a near copy of a held-out review in another corpus
    (tmp_path / "sentiment" / "waimai_10k.csv").write_text(f"label,review\n1,送餐很快，味道不错\n0,{copy}\n", encoding="utf-8")
    (tmp_path / "sentiment" / "online_shopping_10_cats.csv").write_text("cat,label,review\n书籍,1,印刷清楚，包装完好\n", encoding="utf-8")
    (tmp_path / "nlpcc2016").mkdir()
    for name, head, row in (("evasampledata4-TaskAA.txt", "ID\tTARGET\tTEXT\tSTANCE", "1\t开放二胎\t支持开放二胎\tFAVOR"),
                            ("evasampledata4-TaskAR.txt", "ID\tTARGET\tTEXT", "1\t开放二胎\t支持开放二胎")):
        (tmp_path / "nlpcc2016" / name).write_text(f"\ufeff{head}\n{row}\n", encoding="utf-8")
    texts, counts = _load().unlabelled_texts(tmp_path)
    assert not set(test.texts) & set(texts) and copy not in texts
    assert {"送餐很快，味道不错", "印刷清楚，包装完好", "支持开放二胎"} <= set(texts)
    assert counts["NLPCC evasampledata4-TaskAA.txt"] == counts["NLPCC evasampledata4-TaskAR.txt"] == 1
    assert counts["corpora/ lines"] > 0  # the repo's own documents, unlabelled
