package dev.flowsmith.diffusion.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowsmith.diffusion.weights.ModelFormatException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CLIP's byte-level BPE tokenizer in plain Java, as OpenAI published it (simple_tokenizer.py) and diffusers ships it
 * under {@code tokenizer/} ({@code vocab.json}, {@code merges.txt}, {@code special_tokens_map.json}): the text has its
 * HTML entities decoded, whitespace collapsed and is lower-cased; CLIP's word pattern splits it; each word's UTF-8
 * bytes become CLIP's printable byte symbols, the last marked with {@code </w>}, and pairs are merged by their rank
 * in merges.txt. {@link #encode} frames the ids with {@code <|startoftext|>}/{@code <|endoftext|>}, truncates to the
 * length (77 for Stable Diffusion) and pads with the pad token ({@code !} in SD 2.x, {@code <|endoftext|>} in SD 1.x).
 * Not done: ftfy's mojibake repair, which the reference tokenizer runs first when ftfy is installed.
 */
public final class ClipTokenizer {
    private static final Pattern WORDS = Pattern.compile(
            "<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern SPACES = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern ENTITY = Pattern.compile("&(#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z]+);");
    private static final Map<String, String> NAMED = Map.of("amp", "&", "lt", "<", "gt", ">", "quot", "\"", "apos", "'",
            "nbsp", "\u00a0", "copy", "\u00a9", "reg", "\u00ae", "hellip", "\u2026", "mdash", "\u2014");
    private static final String[] BYTE_SYMBOLS = byteSymbols();

    private final Map<String, Integer> vocab;
    private final Map<String, Integer> ranks = new HashMap<>();
    private final Map<String, List<String>> cache = new HashMap<>();
    private final int bos, eos, pad, maxLength;

    public ClipTokenizer(Map<String, Integer> vocab, List<String[]> merges, String padToken, int maxLength) {
        this.vocab = Map.copyOf(vocab);
        for (int i = 0; i < merges.size(); i++) {
            ranks.putIfAbsent(merges.get(i)[0] + " " + merges.get(i)[1], i);
        }
        this.bos = id("<|startoftext|>");
        this.eos = id("<|endoftext|>");
        this.pad = id(padToken);
        if (maxLength < 2) {
            throw new ModelFormatException("A tokenizer length of " + maxLength + " leaves no room for the start and end tokens.");
        }
        this.maxLength = maxLength;
    }

    /** Reads diffusers' {@code tokenizer/} folder. */
    public static ClipTokenizer load(Path folder) {
        Path vocabFile = folder.resolve("vocab.json"), mergesFile = folder.resolve("merges.txt");
        if (!Files.isRegularFile(vocabFile) || !Files.isRegularFile(mergesFile)) {
            throw new ModelFormatException("'" + folder + "' is not a CLIP tokenizer folder: it needs vocab.json and merges.txt.");
        }
        ObjectMapper json = new ObjectMapper();
        try {
            Map<String, Integer> vocab = new HashMap<>();
            JsonNode v = json.readTree(vocabFile.toFile());
            v.fields().forEachRemaining(e -> vocab.put(e.getKey(), e.getValue().asInt()));
            List<String[]> merges = new ArrayList<>();
            int lineNo = 0;
            for (String line : Files.readAllLines(mergesFile, StandardCharsets.UTF_8)) {
                lineNo++;
                if (line.startsWith("#version") || line.isBlank()) {
                    continue;
                }
                String[] pair = line.split(" ");
                if (pair.length != 2) {
                    throw new ModelFormatException("'" + mergesFile + "' line " + lineNo + " is not a pair of symbols: '" + line + "'.");
                }
                merges.add(pair);
            }
            String padToken = "<|endoftext|>";
            int maxLength = 77;
            Path special = folder.resolve("special_tokens_map.json"), config = folder.resolve("tokenizer_config.json");
            for (Path p : new Path[]{config, special}) { // the special tokens map has the last word
                if (Files.isRegularFile(p)) {
                    JsonNode n = json.readTree(p.toFile());
                    JsonNode t = n.path("pad_token");
                    if (t.isTextual() || t.has("content")) {
                        padToken = t.isTextual() ? t.asText() : t.path("content").asText();
                    }
                    int m = n.path("model_max_length").asInt(0);
                    maxLength = m > 0 && m <= 4096 ? m : maxLength;
                }
            }
            return new ClipTokenizer(vocab, merges, padToken, maxLength);
        } catch (IOException e) {
            throw new ModelFormatException("The tokenizer in '" + folder + "' cannot be read: " + e.getMessage(), e);
        }
    }

    public int maxLength() {
        return maxLength;
    }

    /** {@code text} as {@link #maxLength()} ids: start, the text's tokens (truncated), end, padding. */
    public int[] encode(String text) {
        return encode(text, maxLength);
    }

    public int[] encode(String text, int length) {
        List<Integer> ids = new ArrayList<>();
        ids.add(bos);
        Matcher m = WORDS.matcher(clean(text));
        while (m.find() && ids.size() < length - 1) {
            StringBuilder sym = new StringBuilder();
            for (byte b : m.group().getBytes(StandardCharsets.UTF_8)) {
                sym.append(BYTE_SYMBOLS[b & 0xff]);
            }
            for (String piece : bpe(sym.toString())) {
                ids.add(id(piece));
            }
        }
        int[] out = new int[length];
        java.util.Arrays.fill(out, pad);
        int n = Math.min(ids.size(), length - 1);
        for (int i = 0; i < n; i++) {
            out[i] = ids.get(i);
        }
        out[n] = eos;
        return out;
    }

    /** HTML entities decoded (twice, as the reference), whitespace collapsed and trimmed, lower case. */
    static String clean(String text) {
        String t = unescape(unescape(text)).strip();
        return SPACES.matcher(t).replaceAll(" ").strip().toLowerCase(Locale.ROOT);
    }

    private static String unescape(String s) {
        Matcher m = ENTITY.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String e = m.group(1), rep;
            if (e.startsWith("#x") || e.startsWith("#X")) {
                rep = codePoint(e.substring(2), 16, m.group());
            } else if (e.startsWith("#")) {
                rep = codePoint(e.substring(1), 10, m.group());
            } else {
                rep = NAMED.getOrDefault(e, m.group());
            }
            m.appendReplacement(out, Matcher.quoteReplacement(rep));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String codePoint(String digits, int radix, String as) {
        try {
            int cp = Integer.parseInt(digits, radix);
            return Character.isValidCodePoint(cp) && cp != 0 ? new String(Character.toChars(cp)) : as;
        } catch (NumberFormatException e) {
            return as;
        }
    }

    /** One word's byte symbols merged pair by pair, lowest rank first, the last symbol carrying {@code </w>}. */
    private List<String> bpe(String token) {
        List<String> cached = cache.get(token);
        if (cached != null) {
            return cached;
        }
        List<String> word = new ArrayList<>();
        token.codePoints().forEach(cp -> word.add(new String(Character.toChars(cp))));
        word.set(word.size() - 1, word.get(word.size() - 1) + "</w>");
        while (word.size() > 1) {
            int best = Integer.MAX_VALUE;
            String first = null, second = null;
            for (int i = 0; i + 1 < word.size(); i++) {
                Integer r = ranks.get(word.get(i) + " " + word.get(i + 1));
                if (r != null && r < best) {
                    best = r;
                    first = word.get(i);
                    second = word.get(i + 1);
                }
            }
            if (first == null) {
                break;
            }
            List<String> merged = new ArrayList<>();
            for (int i = 0; i < word.size(); i++) {
                if (i + 1 < word.size() && word.get(i).equals(first) && word.get(i + 1).equals(second)) {
                    merged.add(first + second);
                    i++;
                } else {
                    merged.add(word.get(i));
                }
            }
            word.clear();
            word.addAll(merged);
        }
        List<String> out = List.copyOf(word);
        if (cache.size() < 100_000) {
            cache.put(token, out);
        }
        return out;
    }

    private int id(String piece) {
        Integer i = vocab.get(piece);
        if (i == null) {
            throw new ModelFormatException("The tokenizer's vocabulary has no entry for '" + piece + "' (vocab.json and merges.txt "
                    + "do not belong together?).");
        }
        return i;
    }

    /** CLIP's bytes_to_unicode: printable bytes stand for themselves, the others for code points from 256 on. */
    private static String[] byteSymbols() {
        String[] out = new String[256];
        int n = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
            out[b] = printable ? String.valueOf((char) b) : String.valueOf((char) (256 + n++));
        }
        return out;
    }
}
