//! Measures an ensemble of the built-in linear tagger and neural model files (issue 15): the
//! nets' mean log-probabilities, times λ, added to the perceptron's second-pass scores and
//! decoded in one Viterbi under the perceptron's transitions.
//! `ner_ensemble NET[,NET…] peyma|arman OUT_PREFIX λ[,λ…] < IN.conll` writes
//! `OUT_PREFIX<λ>.txt` (`token<TAB>tag`, as `ner_net_tag`) for each λ, to score with
//! `score_ner.py`; λ = 0 is the perceptron alone.
use negah::entities::{features, net, tagger, DOC_WINDOW};
use std::io::Read;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let nets: Vec<net::Net> = args[0]
        .split(',')
        .map(|path| {
            let bytes = std::fs::read(path).expect("model file");
            let net = net::Net::from_bytes(&bytes).expect("a neural tagger model");
            assert!(!net.stacked(), "an independent (not stacked) net");
            net
        })
        .collect();
    let h = usize::from(args[1] == "arman");
    let prefix = &args[2];
    let lambdas: Vec<f32> = args[3].split(',').map(|l| l.parse().expect("λ")).collect();
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text).expect("stdin");
    let lex = features::Lexicons::builtin();
    let sents = negah::conll::read(&text).sentences;
    let prepared: Vec<features::Prepared> = sents
        .iter()
        .map(|t| features::Prepared::new(t, lex))
        .collect();
    let m = tagger::builtin().expect("the built-in linear model");
    let head = &m.heads[h];
    let nh = &nets[0].heads[h];
    assert!(
        nets.iter().all(|n| n.heads[h].types == nh.types),
        "nets of one label set"
    );
    // The net's label of each of the perceptron's labels (same type, same B/I), if any.
    let l = head.labels();
    let map: Vec<Option<usize>> = (0..l)
        .map(|c| match head.label_type(c as tagger::Label) {
            None => Some(0),
            Some((ty, b)) => nh
                .types
                .iter()
                .position(|&t| t == ty)
                .map(|k| 2 * k + if b { 1 } else { 2 }),
        })
        .collect();
    let ln = nh.types.len() * 2 + 1;
    let lp: Vec<Vec<f32>> = prepared
        .iter()
        .map(|p| {
            let mut sum = vec![0f32; p.len() * ln];
            for net in &nets {
                for (s, v) in sum.iter_mut().zip(net.log_probs(h, p)) {
                    *s += v / nets.len() as f32;
                }
            }
            sum
        })
        .collect();
    // GATE=τ: the nets are run only on the sentences where the perceptron is not sure (see
    // below); what share of the tokens that is goes to stderr.
    let gate: Option<f32> = std::env::var("GATE")
        .ok()
        .map(|g| g.parse().expect("GATE=τ"));
    for &lambda in &lambdas {
        let (mut total, mut consulted) = (0usize, 0usize);
        let mut out = String::new();
        let mut tags: Vec<Vec<tagger::Label>> = Vec::with_capacity(sents.len());
        m.tag_doc_mixed(
            &[h],
            &[true],
            DOC_WINDOW,
            prepared.len(),
            |i| &prepared[i],
            |s, _, em| {
                if lambda == 0.0 {
                    return;
                }
                total += em.len() / l;
                if let Some(tau) = gate {
                    // The perceptron is sure of this sentence: every token's O beats its
                    // best other label by `tau` or more.
                    let sure = em.chunks_exact(l).all(|row| {
                        let best = (1..l)
                            .filter(|&c| head.allows(c as tagger::Label))
                            .map(|c| row[c])
                            .fold(f32::NEG_INFINITY, f32::max);
                        row[0] - best >= tau
                    });
                    if sure {
                        return;
                    }
                }
                consulted += em.len() / l;
                for (row, net_row) in em.chunks_exact_mut(l).zip(lp[s].chunks_exact(ln)) {
                    for (c, e) in row.iter_mut().enumerate() {
                        if let Some(j) = map[c] {
                            *e += lambda * net_row[j];
                        }
                    }
                }
            },
            |_, mut labels| tags.push(labels.pop().unwrap_or_default()),
        );
        if lambda != 0.0 {
            eprintln!("λ = {lambda}: the nets read {consulted} of {total} tokens");
        }
        for (toks, labels) in sents.iter().zip(&tags) {
            for (t, &lab) in toks.iter().zip(labels) {
                let tag = match head.label_type(lab) {
                    None => "O".to_string(),
                    Some((ty, b)) => format!("{}-{}", if b { "B" } else { "I" }, ty.name()),
                };
                out.push_str(&format!("{t}\t{tag}\n"));
            }
            out.push('\n');
        }
        std::fs::write(format!("{prefix}{lambda}.txt"), out).expect("write");
    }
}
