package dev.vigil.score;

import dev.vigil.detect.Episode;
import dev.vigil.detect.SignalScore;

/**
 * The detectors' verdict on one reading, made before the network steps.
 *
 * @param expected  the forecast of this reading published one step earlier, null before there is one
 * @param published the published anomaly score (an episode's strength on one of its readings, see Episode.Step)
 *                  and the signal that gave it
 * @param warmingUp whether the key is too young to be flagged
 * @param flagged   whether the reading is flagged
 * @param episode   the key's episode after this reading, and what the reading did to it
 */
record Judgement(Double expected, SignalScore published, boolean warmingUp, boolean flagged, Episode.Step episode) {
}
