package com.kubetrader.offline;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import com.pulumi.Log;
import com.pulumi.resources.Resource;
import com.pulumi.test.Mocks;
import com.pulumi.test.internal.MockMonitor;
import java.util.ArrayList;
import java.util.Collections;
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

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Registration> registrations = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, String> ids = new java.util.concurrent.ConcurrentHashMap<>();

    record Registration(String type, String name, String parentUrn, boolean custom, boolean protect,
                        boolean retainOnDelete, Optional<String> readId, Map<String, Object> inputs) {
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
                toMap(request.getObject())));
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
                false, false, Optional.of(request.getId()), toMap(request.getProperties())));
        return super.readResourceAsync(resource, request);
    }

    private static Map<String, Object> toMap(Struct struct) {
        try {
            return JSON.readValue(JsonFormat.printer().print(struct), new TypeReference<Map<String, Object>>() { });
        } catch (InvalidProtocolBufferException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot read the inputs of a registration", e);
        }
    }
}
