package io.runload.serde;

import org.apache.avro.util.ClassSecurityValidator;
import org.apache.avro.util.ClassSecurityValidator.ClassSecurityPredicate;

/**
 * Lets Avro load RunLoad's generated record and enum classes by name.
 *
 * <p>Since 1.11.4/1.12.0 Avro refuses to instantiate any class it finds through a schema name
 * unless that class is trusted ({@code ClassSecurityValidator}). Without this, schema resolution
 * fails on the first enum or record it creates, and so does a generated builder filling in an
 * enum default (e.g. {@code AthleteProfile.sex = UNKNOWN}). The trust is the narrowest that works:
 * the one package the project generates, added to whatever the JVM already trusts.
 *
 * <p>The serde installs it when its classes load; the application should also call
 * {@link #install()} at startup, before domain code builds records with enum defaults.
 */
public final class AvroClassTrust {

    /** The package of the classes generated from {@code schemas/src/main/avro}. */
    public static final String GENERATED_PACKAGE = "io.runload.avro";

    private static final ClassSecurityPredicate GENERATED_RECORDS =
            type -> GENERATED_PACKAGE.equals(type.getPackageName());

    private static boolean installed;

    private AvroClassTrust() {}

    /** Adds the generated package to Avro's global trust; safe to call repeatedly. */
    public static synchronized void install() {
        if (installed) {
            return;
        }
        ClassSecurityValidator.setGlobal(
                ClassSecurityValidator.composite(ClassSecurityValidator.getGlobal(), GENERATED_RECORDS));
        installed = true;
    }
}
