/**
 * Secrets kept in files that rotate in place ({@link io.runload.secrets.WatchedSecretFile}): the API
 * keys and the peer secret of {@code http}, the registry's bearer token of {@code serde}. Depends on
 * no other RunLoad package, so every adapter can use it.
 */
package io.runload.secrets;
