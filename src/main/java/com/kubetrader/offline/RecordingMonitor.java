package com.kubetrader.offline;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.pulumi.Log;
import com.pulumi.resources.Resource;
import com.pulumi.test.Mocks;
import com.pulumi.test.internal.MockMonitor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import pulumirpc.Resource.ReadResourceRequest;
import pulumirpc.Resource.ReadResourceResponse;
import pulumirpc.Resource.RegisterResourceRequest;
import pulumirpc.Resource.RegisterResourceResponse;

/** The mock engine's monitor, keeping what each registration asked for: parent, protection, inputs. */
final class RecordingMonitor extends MockMonitor {

    private final List<Registration> registrations = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, String> ids = new java.util.concurrent.ConcurrentHashMap<>();

    record Registration(String type, String name, String parentUrn, boolean custom, boolean protect,
                        boolean retainOnDelete, Optional<String> readId, Map<String, Object> inputs,
                        List<String> ignoreChanges, boolean deleteBeforeReplace, List<String> dependsOn) {
    }

    RecordingMonitor(Mocks mocks, Log log) {
        super(mocks, log);
    }

    List<Registration> registrations() {
        return List.copyOf(registrations);
    }

    @Override
    public CompletableFuture<RegisterResourceResponse> registerResourceAsync(Resource resource,
                                                                             RegisterResourceRequest request) {
        registrations.add(new Registration(request.getType(), request.getName(), request.getParent(),
                request.getCustom(), request.getProtect(), request.getRetainOnDelete(), Optional.empty(),
                toMap(request.getObject()), List.copyOf(request.getIgnoreChangesList()),
                request.getDeleteBeforeReplace(), List.copyOf(request.getDependenciesList())));
        String key = key(request.getType(), request.getName(), request.getParent());
        return super.registerResourceAsync(resource, request).thenApply(response -> {
            if (!response.getId().isEmpty()) {
                ids.put(key, response.getId());
            }
            return response;
        });
    }

    /** The ID the mocks gave a registered custom resource, if it has one yet. */
    Optional<String> idOf(Registration r) {
        return r.readId().isPresent() ? r.readId() : Optional.ofNullable(ids.get(key(r.type(), r.name(), r.parentUrn())));
    }

    private static String key(String type, String name, String parent) {
        return type + "\u0000" + name + "\u0000" + parent;
    }

    @Override
    public CompletableFuture<ReadResourceResponse> readResourceAsync(Resource resource, ReadResourceRequest request) {
        registrations.add(new Registration(request.getType(), request.getName(), request.getParent(), true,
                false, false, Optional.of(request.getId()), toMap(request.getProperties()), List.of(), false,
                List.copyOf(request.getDependenciesList())));
        return super.readResourceAsync(resource, request);
    }

    /**
     * The inputs as plain Java values (maps, lists, strings, doubles, booleans, nulls), read straight
     * off the protobuf Struct: no JSON round trip, so a cold plan does not pay for initializing
     * protobuf's JsonFormat machinery.
     */
    static Map<String, Object> toMap(Struct struct) {
        Map<String, Object> map = new LinkedHashMap<>();
        struct.getFieldsMap().forEach((key, value) -> map.put(key, toJava(value)));
        return map;
    }

    private static Object toJava(Value value) {
        switch (value.getKindCase()) {
            case NUMBER_VALUE:
                return value.getNumberValue();
            case STRING_VALUE:
                return value.getStringValue();
            case BOOL_VALUE:
                return value.getBoolValue();
            case STRUCT_VALUE:
                return toMap(value.getStructValue());
            case LIST_VALUE: {
                List<Object> list = new ArrayList<>();
                for (Value item : value.getListValue().getValuesList()) {
                    list.add(toJava(item));
                }
                return list;
            }
            case NULL_VALUE:
            case KIND_NOT_SET:
            default:
                return null;
        }
    }
}
