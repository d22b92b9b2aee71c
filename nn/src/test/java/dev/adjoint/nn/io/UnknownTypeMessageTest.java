package dev.adjoint.nn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The one message for an unknown {@code "type"}, for every kind a model file describes. */
class UnknownTypeMessageTest {

    @Test
    void everyKindNamesItsRegistrationCall() {
        assertTrue(ConfigTypes.kinds().size() >= 9, "layers, activations, initializers, regularizers, constraints,"
                + " losses, metrics, optimizers, schedules: " + ConfigTypes.kinds());
        for (Class<?> kind : ConfigTypes.kinds()) {
            String noun = kind.getSimpleName().toLowerCase(Locale.ROOT);
            assertEquals("unknown " + noun + " type, expected one of " + ConfigTypes.names(kind) + ", got 'custom';"
                    + " a custom " + noun + " must be registered before the file is loaded: CustomTypes.register("
                    + kind.getSimpleName() + ".class, \"custom\", TheRecord.class)",
                    ConfigJson.unknownType(kind, "custom"));
            assertTrue(CustomTypes.kinds().contains(kind), "the call named is one CustomTypes accepts: " + kind);
        }
    }

    @Test
    void anIdCustomTypesWouldRefuseGetsNoRegistrationHint() {
        for (String id : List.of("Tanh", "lecun-x", "7", "java.lang.Runtime")) { // not snake_case: register refuses
            assertEquals("unknown regularizer type, expected one of [l1, l1_l2, l2], got '" + id + "'",
                    ConfigJson.unknownType(dev.adjoint.nn.regularizer.Regularizer.class, id));
        }
    }

    @Test
    void aMissingTypeGetsNoRegistrationHint() {
        assertEquals("unknown regularizer type, expected one of [l1, l1_l2, l2], got no \"type\"",
                ConfigJson.unknownType(dev.adjoint.nn.regularizer.Regularizer.class, null));
    }
}
