#!/usr/bin/env bash
# One prepared GPU training run (issue #14): continues the shipped tagger on the encoded pack for MINUTES of
# step time and writes its log and fp16 checkpoints under OUT as it goes, so a run cut short still returns
# its latest weights. The same train_tagger.py runs on CPU without --device cuda.
#
#   here:  python train_tagger.py --synthetic-dir cache/big --negatives cache/big/negatives.jsonl \
#            --init ../Models/veil-pii-tagger --pack cache/gpu/pack.npz --pack-only
#   there: OUT=/path MINUTES=7 [INIT=cache/init] bash Training/gpu_train.sh   (carry Training/cache/gpu [, cache/init])
#   then:  python export.py --ckpt $OUT/run/last.slim.pt --tokenizer ../Models/veil-pii-tagger/tokenizer.json
set -euo pipefail
cd "$(dirname "$0")"
OUT=${OUT:-runs/gpu}
mkdir -p "$OUT/run"
python3 -c "import torch; print('torch', torch.__version__, torch.cuda.get_device_name())" | tee "$OUT/run/env.txt"
PYTHONUNBUFFERED=1 python3 train_tagger.py --name gpu --init "${INIT:-../Models/veil-pii-tagger}" --pack cache/gpu/pack.npz \
  --device cuda --slim --run-dir "$OUT/run" --minutes "${MINUTES:-7}" --batch-tokens "${BATCH_TOKENS:-16384}" \
  --lr "${LR:-5e-4}" --warmup-minutes 0.3 --eval-minutes 2 --ckpt-minutes 1 --contextual-repeat 2 \
  2>&1 | grep --line-buffered -v "it/s\]" | tee "$OUT/run/stdout.log"
