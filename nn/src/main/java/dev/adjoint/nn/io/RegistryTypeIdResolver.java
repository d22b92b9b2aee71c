package dev.adjoint.nn.io;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.DatabindContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.jsontype.impl.TypeIdResolverBase;

/**
 * Jackson's view of {@link ConfigTypes}: the {@code "type"} of a configuration object is a registered name,
 * never a class name. An unknown name resolves to nothing, which Jackson reports with the known names; a
 * value whose class is not registered cannot be written.
 */
final class RegistryTypeIdResolver extends TypeIdResolverBase {

    private JavaType baseType;
    private Class<?> kind;

    /** Made by Jackson from the {@code @JsonTypeIdResolver} annotation. */
    RegistryTypeIdResolver() {
    }

    @Override
    public void init(JavaType base) {
        this.baseType = base;
        this.kind = ConfigTypes.kindOf(base.getRawClass()).orElseThrow(() -> new IllegalStateException(
                "model file: no registry for " + base.getRawClass().getName()));
    }

    @Override
    public String idFromValue(Object value) {
        return idFromValueAndType(value, value.getClass());
    }

    @Override
    public String idFromValueAndType(Object value, Class<?> type) {
        return ConfigTypes.nameOf(kind, type).orElseThrow(() -> new IllegalArgumentException("save: every "
                + ConfigTypes.describe(kind) + " must be one of the registered types " + ConfigTypes.names(kind)
                + " to be described in a model file, got " + type.getName() + "; make it a record and register it"
                + " once with CustomTypes.register(" + kind.getSimpleName() + ".class, \"a_name\", "
                + type.getSimpleName() + ".class), or save the weights alone with SafeTensors"));
    }

    @Override
    public JavaType typeFromId(DatabindContext context, String id) {
        Class<?> type = ConfigTypes.classOf(kind, id).orElse(null);
        return type == null ? null : context.constructSpecializedType(baseType, type);
    }

    @Override
    public String getDescForKnownTypeIds() {
        return String.join(", ", ConfigTypes.names(kind));
    }

    @Override
    public JsonTypeInfo.Id getMechanism() {
        return JsonTypeInfo.Id.CUSTOM;
    }
}
