package io.routewise.simulator;

import io.routewise.config.SimulationProfile;

/**
 * How one model name behaves: its profile, plus a status that every request gets when the name
 * asks for one ({@code sim-error-503}).
 *
 * @param forcedStatus the HTTP status of every answer, or null to follow the profile
 */
public record SimulatedModel(String name, SimulationProfile profile, Integer forcedStatus) {
}
